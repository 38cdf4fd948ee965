#!/usr/bin/env bash
# The benchmark (not a test): connect-to-ready against a plain wg-quick +
# shell-tools baseline at 0 and 25 ms one-way delay (our connect in the employee's desktop
# session: tunnel, checks, drive mounted, plotter added), time to recover from each
# fault, and the CPU an idle connected session uses. Prints a table and writes
# bench-results.json. Needs root; brings up the simulated office itself.
#   scripts/bench.sh [--runs N] [--idle-seconds S] [--out FILE]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/system-packages.sh
[ "$(id -u)" -eq 0 ] || { echo "scripts/bench.sh needs root (network namespaces)" >&2; exit 1; }
ensure_packages "${LAB_PACKAGES[@]}" "${DESKTOP_PACKAGES[@]}"
ensure_node_modules
npm run -s build >/dev/null
trap 'tests/lab/lab.sh down >/dev/null 2>&1 || true' EXIT
tests/lab/lab.sh up >/dev/null
tests/lab/lab.sh helper-start >/dev/null
# The employee's desktop session and home print server: drives and printers run for real.
tests/lab/lab.sh start home-cups >/dev/null
tests/lab/lab.sh desktop start >/dev/null
node scripts/bench.mjs "$@"
