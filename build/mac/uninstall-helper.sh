#!/bin/sh
# Removes what the pkg's postinstall set up: the launchd daemon (the tunnel goes down with it),
# the company resolver files it wrote, `hoc` on the PATH. The group stays unless --remove-group.
# Run as root: sudo "/Applications/HomeOffice Connect.app/Contents/Resources/uninstall-helper.sh"
set -eu
LABEL="de.homeoffice-connect.helper"
TOOLS="/Applications/HomeOffice Connect.app/Contents/Resources/wireguard"
STATE="/Library/Application Support/HomeOffice Connect/tunnels"
MARKER="# HomeOffice Connect: company DNS while the tunnel is up; removed on disconnect"

/bin/launchctl bootout "system/$LABEL" 2>/dev/null || true
/bin/rm -f "/Library/LaunchDaemons/$LABEL.plist"
if [ -f "$STATE/hoc0.conf" ] && [ -f /var/run/wireguard/hoc0.name ]; then
  /usr/bin/env -i PATH="$TOOLS:/usr/bin:/bin:/usr/sbin:/sbin" WG_QUICK_USERSPACE_IMPLEMENTATION="$TOOLS/wireguard-go" \
    "$TOOLS/bash" "$TOOLS/wg-quick" down "$STATE/hoc0.conf" || true
fi
for f in /etc/resolver/*; do
  [ -f "$f" ] || continue
  if [ "$(/usr/bin/head -n 1 "$f")" = "$MARKER" ]; then /bin/rm -f "$f"; fi
done
/bin/rm -rf "$STATE"
if [ "$(/usr/bin/readlink /usr/local/bin/hoc 2>/dev/null || true)" = "/Applications/HomeOffice Connect.app/Contents/Resources/bin/hoc" ]; then
  /bin/rm -f /usr/local/bin/hoc
fi
if [ "${1:-}" = "--remove-group" ]; then
  /usr/sbin/dseditgroup -o delete hoc 2>/dev/null || true
fi
exit 0
