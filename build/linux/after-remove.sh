#!/bin/sh
# deb post-remove: stop and remove the helper's unit (the tunnel goes down with it).
set -e
systemctl disable --now hoc-helper.service 2>/dev/null || true
rm -f /etc/systemd/system/hoc-helper.service
systemctl daemon-reload || true
