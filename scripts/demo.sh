#!/usr/bin/env bash
# The demo: installs what it needs, starts the simulated office, and connects
# an unprivileged employee to it through a real WireGuard tunnel.
#   scripts/demo.sh        build, bring the office up, connect, show it working (German;
#                          DEMO_LANG=en_US.UTF-8 scripts/demo.sh for English)
#   scripts/demo.sh down   disconnect and remove the simulated office
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/system-packages.sh
export HOC_LAB_DIR="${HOC_LAB_DIR:-/tmp/hoc-lab}"
lab=tests/lab/lab.sh

if [ "$(id -u)" -ne 0 ]; then
  echo "scripts/demo.sh needs root (it creates network namespaces)." >&2
  exit 1
fi
if [ "${1:-}" = down ]; then
  $lab down
  exit 0
fi

ensure_packages "${LAB_PACKAGES[@]}" "${DESKTOP_PACKAGES[@]}"
ensure_node_modules
npm run -s build

echo; echo "== starting the simulated office =="
$lab up
$lab helper-start
# The employee's desktop session (D-Bus, keychain, gvfs), where drives are mapped.
$lab desktop start

# The employee runs the CLI from a folder they can read, with the keychain binding beside it.
mkdir -p "$HOC_LAB_DIR/app/node_modules/@napi-rs" "$HOC_LAB_DIR/users/hocuser"
install -m 0755 out/cli/hoc.mjs "$HOC_LAB_DIR/app/hoc.mjs"
cp -r node_modules/@napi-rs/keyring* "$HOC_LAB_DIR/app/node_modules/@napi-rs/"
chmod -R a+rX "$HOC_LAB_DIR/app"
chown hocuser "$HOC_LAB_DIR/users/hocuser"
hoc() {
  # The lab CA stands for the company CA a managed computer trusts (the intranet check needs it).
  HOC_HOME="$HOC_LAB_DIR/users/hocuser" HOC_HELPER_SOCKET="$HOC_LAB_DIR/helper/helper.sock" \
    NODE_EXTRA_CA_CERTS="$HOC_LAB_DIR/ca/ca.pem" LANG="${DEMO_LANG:-de_DE.UTF-8}" \
    $lab desktop exec -- node "$HOC_LAB_DIR/app/hoc.mjs" "$@"
}

echo; echo "== the office sign-in for the drives, once (kept in the keychain) =="
printf '%s' 'Anna-Lab-2026!' | hoc account set --profile "$HOC_LAB_DIR/anna.hocprofile" --user anna --domain BUERO --password-stdin
echo; echo "== hoc connect (as the unprivileged employee 'hocuser' at home) =="
hoc connect --profile "$HOC_LAB_DIR/anna.hocprofile" || true
echo; echo "== hoc status =="
hoc status
echo; echo "== drive P: at home, served by the office file server through the tunnel =="
$lab desktop exec -- ls -l "Netzlaufwerke/P - Projekte/"
echo; echo "== the plotter in the home computer's print dialog =="
lpstat -h "$HOC_LAB_DIR/home/cups/run/cups.sock" -v
cat <<EOT

The office is up and the employee is connected. Try (as root):
  HOC_HOME=$HOC_LAB_DIR/users/hocuser HOC_HELPER_SOCKET=$HOC_LAB_DIR/helper/helper.sock \\
  NODE_EXTRA_CA_CERTS=$HOC_LAB_DIR/ca/ca.pem $lab desktop exec -- node $HOC_LAB_DIR/app/hoc.mjs check        # or: status --json, disconnect, doctor --out x.zip
  $lab stop smb      # then hoc check again: the file server's own message and whom to call
  $lab status
  scripts/demo.sh down      # remove everything
EOT
