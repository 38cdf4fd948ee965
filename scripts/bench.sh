#!/usr/bin/env bash
# The benchmark (not a test, not part of CI): connect-to-ready at 0 and 25 ms one-way delay, in
# the employee's desktop session (tunnel, names, checks, drive mounted, plotter added), of the
# desktop app's controller in a running process (warm) and of `hoc connect` (a new process each
# time), next to a shell script doing the same work with standard tools (scripts/bench-baseline.sh),
# each stage's time, a reconnect straight after a disconnect, time to recover from each fault,
# and the CPU an idle connected session uses. Prints a table and writes bench-results.json.
# Needs root; brings up the simulated office itself.
#   scripts/bench.sh [--runs N] [--idle-seconds S] [--out FILE]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/system-packages.sh
[ "$(id -u)" -eq 0 ] || { echo "scripts/bench.sh needs root (network namespaces)" >&2; exit 1; }
ensure_packages "${LAB_PACKAGES[@]}" "${DESKTOP_PACKAGES[@]}" "${BENCH_PACKAGES[@]}"
ensure_node_modules
npm run -s build >/dev/null
trap 'tests/lab/lab.sh down >/dev/null 2>&1 || true' EXIT
tests/lab/lab.sh up >/dev/null
tests/lab/lab.sh helper-start >/dev/null
# The employee's desktop session and home print server: drives and printers run for real.
tests/lab/lab.sh start home-cups >/dev/null
tests/lab/lab.sh desktop start >/dev/null
node scripts/bench.mjs "$@"
