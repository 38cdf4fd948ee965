#!/bin/sh
# deb post-install: group for allowed users, the helper's systemd unit, `hoc` on the PATH.
# Who may use the helper is the administrator's choice: the package prints how to allow someone.
set -e
getent group hoc >/dev/null || groupadd --system hoc
install -m 0644 "/opt/HomeOffice Connect/resources/hoc-helper.service" /etc/systemd/system/hoc-helper.service
systemctl daemon-reload || true
systemctl enable --now hoc-helper.service || true
ln -sf "/opt/HomeOffice Connect/resources/bin/hoc" /usr/bin/hoc
echo "HomeOffice Connect: allow a user to bring up the office tunnel with"
echo "  sudo usermod -aG hoc USERNAME"
echo "and have them sign out and in again."
