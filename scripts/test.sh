#!/usr/bin/env bash
# Installs what it needs and runs every suite: types, lint (with the layer
# table), unit tests, and the lab tests against the simulated office.
# Usage: scripts/test.sh            (as root; CI runs exactly this)
#        HOC_SKIP_LAB=1 scripts/test.sh   (no root: static checks and unit tests only)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/system-packages.sh

reports=test-results
rm -rf "$reports" && mkdir -p "$reports"
status=0
step() { echo; echo "=== $* ==="; }

if [ "$(id -u)" -eq 0 ]; then
  ensure_packages "${LAB_PACKAGES[@]}" "${DESKTOP_PACKAGES[@]}" "${INSTALLER_PACKAGES[@]}"
else
  # Without root nothing can be installed: say which tools the unit tests need.
  ensure_packages "${INSTALLER_PACKAGES[@]}"
fi
ensure_node_modules

step "typecheck (node and web projects)"
npm run -s typecheck
step "lint (incl. the layer table)"
npx eslint . --max-warnings 0
step "build"
npm run -s build

step "Electron tests (need the Electron binary; they say why when they skip)"
npx vitest run --config tests/electron/vitest.config.ts --reporter=default --reporter=json --outputFile.json="$reports/electron.json" || status=1

step "unit tests"
npx vitest run --project unit --reporter=default --reporter=json --outputFile.json="$reports/unit.json" || status=1

step "renderer tests (built renderer in Chromium, fake main from the IPC schema; no root)"
npx vitest run --project renderer --reporter=default --reporter=json --outputFile.json="$reports/renderer.json" || status=1

lab_report=(--skipped-suite lab=tests/e2e --skipped-suite ui=tests/ui)
if [ "${HOC_SKIP_LAB:-0}" != 1 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "lab tests need root (network namespaces); run as root or set HOC_SKIP_LAB=1" >&2
    exit 1
  fi
  step "lab tests (simulated office)"
  trap 'tests/lab/lab.sh down >/dev/null 2>&1 || true' EXIT
  tests/lab/lab.sh up
  tests/lab/lab.sh helper-start
  tests/lab/lab.sh desktop start
  # lab and ui one after the other: both drive the one tunnel of the employee at home.
  npx vitest run --project lab --reporter=default --reporter=json --outputFile.json="$reports/lab.json" || status=1
  npx vitest run --project ui --reporter=default --reporter=json --outputFile.json="$reports/ui.json" || status=1
  lab_report=("$reports/lab.json" "$reports/ui.json")
fi

step "summary"
node scripts/lib/summarize.mjs "$reports/unit.json" "$reports/electron.json" "$reports/renderer.json" "${lab_report[@]}" || status=1
exit "$status"
