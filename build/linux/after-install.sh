#!/bin/sh
# deb post-install: group for allowed users, the helper's systemd unit.
set -e
getent group hoc >/dev/null || groupadd --system hoc
install -m 0644 "/opt/HomeOffice Connect/resources/hoc-helper.service" /etc/systemd/system/hoc-helper.service
systemctl daemon-reload || true
systemctl enable --now hoc-helper.service || true
