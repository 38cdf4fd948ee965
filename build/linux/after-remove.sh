#!/bin/sh
# deb post-remove: stop and remove the helper's unit (the tunnel goes down with it) and `hoc`.
set -e
systemctl disable --now hoc-helper.service 2>/dev/null || true
rm -f /etc/systemd/system/hoc-helper.service
systemctl daemon-reload || true
if [ "$(readlink /usr/bin/hoc 2>/dev/null || true)" = "/opt/HomeOffice Connect/resources/bin/hoc" ]; then
  rm -f /usr/bin/hoc
fi
