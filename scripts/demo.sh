#!/usr/bin/env bash
# The demo: installs what it needs, starts the simulated office, and connects
# an unprivileged employee to it through a real WireGuard tunnel.
#   scripts/demo.sh            build, bring the office up, connect, show it working, and leave the
#                              office up for exploring (German; DEMO_LANG=en_US.UTF-8 for English)
#   scripts/demo.sh --no-wait  the same, then disconnect and take the office down again
#   scripts/demo.sh down       disconnect and remove the simulated office
# Exit 0 only when the connect ended ready (every office service answered, drive and plotter
# added) and every later step worked; otherwise the failing step is named, the office is taken
# down and the step's exit code is passed on. Ctrl-C (SIGINT) or SIGTERM stops the current step
# and takes everything down (exit 130 / 143).
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
source scripts/lib/system-packages.sh
source scripts/lib/demo-steps.sh
export HOC_LAB_DIR="${HOC_LAB_DIR:-/tmp/hoc-lab}"
lab=tests/lab/lab.sh

usage() {
  sed -n '2,11s/^# \{0,1\}//p' "$0"
}

mode=explore
case "${1:-}" in
  '') ;;
  --no-wait) mode=no-wait ;;
  down) mode=down ;;
  -h | --help) usage; exit 0 ;;
  *) usage >&2; exit 2 ;;
esac
if [ "$(id -u)" -ne 0 ]; then
  echo "scripts/demo.sh needs root (it creates network namespaces)." >&2
  exit 1
fi

# The lab's namespaces still present (none after a complete take-down).
leftover_namespaces() {
  ip netns list 2>/dev/null | awk '$1 ~ /^hoc-/ { print $1 }'
}

# Takes the office down; after a failure or a stop its logs are kept for a look first.
demo_teardown() {
  local left
  if [ "$1" != ok ] && [ -d "$HOC_LAB_DIR/logs" ]; then
    local keep
    keep=$(mktemp -d "${TMPDIR:-/tmp}/hoc-demo-logs.XXXXXX") && cp -r "$HOC_LAB_DIR/logs/." "$keep/" &&
      echo "the office's logs of this run: $keep"
  fi
  $lab down >/dev/null 2>&1
  left=$(leftover_namespaces)
  if [ -n "$left" ]; then
    echo "still present after taking the office down: $(echo "$left" | tr '\n' ' ')" >&2
    return 1
  fi
  echo "the simulated office is gone (no hoc-* namespaces left)"
}

if [ "$mode" = down ]; then
  DEMO_MODE=explore DEMO_OFFICE_UP=1
  demo_take_down ok
  exit $?
fi

# The employee runs the CLI from a folder they can read, with the keychain binding beside it.
install_cli() {
  mkdir -p "$HOC_LAB_DIR/app/node_modules/@napi-rs" "$HOC_LAB_DIR/users/hocuser" &&
    install -m 0755 out/cli/hoc.mjs "$HOC_LAB_DIR/app/hoc.mjs" &&
    cp -r node_modules/@napi-rs/keyring* "$HOC_LAB_DIR/app/node_modules/@napi-rs/" &&
    chmod -R a+rX "$HOC_LAB_DIR/app" &&
    chown hocuser "$HOC_LAB_DIR/users/hocuser"
}
hoc() {
  # The lab CA stands for the company CA a managed computer trusts (the intranet check needs it).
  HOC_HOME="$HOC_LAB_DIR/users/hocuser" HOC_HELPER_SOCKET="$HOC_LAB_DIR/helper/helper.sock" \
    NODE_EXTRA_CA_CERTS="$HOC_LAB_DIR/ca/ca.pem" LANG="${DEMO_LANG:-de_DE.UTF-8}" \
    $lab desktop exec -- node "$HOC_LAB_DIR/app/hoc.mjs" "$@"
}
sign_in() {
  printf '%s' 'Anna-Lab-2026!' | hoc account set --profile "$HOC_LAB_DIR/anna.hocprofile" --user anna --domain BUERO --password-stdin
}
profile="$HOC_LAB_DIR/anna.hocprofile"

demo_init "$mode"
demo_step "installing the Debian packages it needs" ensure_packages "${LAB_PACKAGES[@]}" "${DESKTOP_PACKAGES[@]}"
demo_step "installing the npm modules" ensure_node_modules
demo_step "building" npm run -s build

demo_office_started
demo_step "starting the simulated office" $lab up
demo_step "starting the privileged helper" $lab helper-start
# The employee's desktop session (D-Bus, keychain, gvfs), where drives are mapped.
demo_step "starting the employee's desktop session" $lab desktop start
demo_step "installing the CLI for the employee" install_cli
demo_step "the office sign-in for the drives, once (kept in the keychain)" sign_in
# Exit 0 only when ready: tunnel, names, every office service, drive P: and the plotter.
demo_step "hoc connect (as the unprivileged employee 'hocuser' at home)" hoc connect --profile "$profile"
demo_step "hoc check (every office service answers)" hoc check --profile "$profile"
demo_step "hoc status" hoc status
demo_step "drive P: at home, served by the office file server through the tunnel" \
  $lab desktop exec -- ls -l "Netzlaufwerke/P - Projekte/"
demo_step "the plotter in the home computer's print dialog" lpstat -h "$HOC_LAB_DIR/home/cups/run/cups.sock" -v

if [ "$mode" = no-wait ]; then
  demo_step "hoc disconnect" hoc disconnect
  demo_finish
  echo
  echo "demo: every step worked; the employee was connected and the office is down again."
  exit 0
fi
demo_finish
cat <<EOT

The office is up and the employee is connected. Try (as root):
  HOC_HOME=$HOC_LAB_DIR/users/hocuser HOC_HELPER_SOCKET=$HOC_LAB_DIR/helper/helper.sock \\
  NODE_EXTRA_CA_CERTS=$HOC_LAB_DIR/ca/ca.pem $lab desktop exec -- node $HOC_LAB_DIR/app/hoc.mjs check        # or: status --json, disconnect, doctor --out x.zip
  $lab stop smb      # then hoc check again: the file server's own message and whom to call
  $lab status
  scripts/demo.sh down      # remove everything
EOT
