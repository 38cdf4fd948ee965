#!/usr/bin/env bash
# The demo: installs what it needs, starts the simulated office, and connects
# an unprivileged employee to it through a real WireGuard tunnel.
#   scripts/demo.sh        build, bring the office up, connect, show it working
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

ensure_packages "${LAB_PACKAGES[@]}"
ensure_node_modules
npm run -s build

echo; echo "== starting the simulated office =="
$lab up
$lab helper-start

# The employee runs the CLI from a folder they can read.
mkdir -p "$HOC_LAB_DIR/app" "$HOC_LAB_DIR/users/hocuser"
install -m 0755 out/cli/hoc.mjs "$HOC_LAB_DIR/app/hoc.mjs"
chown hocuser "$HOC_LAB_DIR/users/hocuser"
hoc() {
  $lab exec home --user -- env HOC_HOME="$HOC_LAB_DIR/users/hocuser" \
    HOC_HELPER_SOCKET="$HOC_LAB_DIR/helper/helper.sock" node "$HOC_LAB_DIR/app/hoc.mjs" "$@"
}

echo; echo "== hoc connect (as the unprivileged employee 'hocuser' at home) =="
hoc connect --profile "$HOC_LAB_DIR/anna.hocprofile" || true
echo; echo "== hoc status =="
hoc status
echo; echo "== the office file share through the tunnel =="
$lab exec home --user -- smbclient //fs.buero.local/projekte -U 'anna%Anna-Lab-2026!' -c ls
cat <<EOT

The office is up and the employee is connected. Try:
  $lab exec home --user -- env HOC_HOME=$HOC_LAB_DIR/users/hocuser HOC_HELPER_SOCKET=$HOC_LAB_DIR/helper/helper.sock node $HOC_LAB_DIR/app/hoc.mjs status --json
  $lab exec home --user -- env HOC_HOME=$HOC_LAB_DIR/users/hocuser HOC_HELPER_SOCKET=$HOC_LAB_DIR/helper/helper.sock node $HOC_LAB_DIR/app/hoc.mjs disconnect
  $lab status
  scripts/demo.sh down      # remove everything
EOT
