# shellcheck shell=bash
# The demo's steps and how it ends (sourced by scripts/demo.sh; tests/unit/scripts/demo-steps.test.ts
# runs these functions in real bash).
#
#   demo_init MODE         MODE: explore (keep the office up after a good run) or no-wait (take it
#                          down at the end); installs the Ctrl-C / SIGTERM traps
#   demo_step NAME CMD...  runs CMD as the step NAME; when it fails the demo ends: the office is taken
#                          down, the step is named, and the exit code is CMD's (1 if it had none)
#   demo_office_started    from here on a failure or a signal takes the office down
#   demo_finish            the end of a good run: takes the office down in no-wait mode
#
# The caller defines demo_teardown REASON (REASON: ok, failed or stopped; takes everything down,
# non-zero when something was left).
# Each step runs in its own process group (job control on), so a signal stops the whole step,
# the commands it started included, before the office is taken down.

DEMO_MODE=explore
DEMO_STEP=''
DEMO_CHILD=''
DEMO_OFFICE_UP=0

demo_init() {
  case "$1" in
    explore | no-wait) DEMO_MODE=$1 ;;
    *) echo "demo_init: unknown mode '$1'" >&2; return 2 ;;
  esac
  set -m
  trap 'demo_on_signal INT 130' INT
  trap 'demo_on_signal TERM 143' TERM
}

demo_office_started() {
  DEMO_OFFICE_UP=1
}

# Takes the office down once (REASON as for demo_teardown); answers whether everything went.
demo_take_down() {
  ((DEMO_OFFICE_UP)) || return 0
  DEMO_OFFICE_UP=0
  echo
  echo "== taking the simulated office down =="
  demo_teardown "$1"
}

demo_step() {
  local name=$1 rc
  shift
  DEMO_STEP=$name
  echo
  echo "== $name =="
  # Its own process group, no terminal input: a signal reaches the trap at once (wait returns),
  # and the trap stops the step's whole group.
  "$@" </dev/null &
  DEMO_CHILD=$!
  wait "$DEMO_CHILD"
  rc=$?
  DEMO_CHILD=''
  ((rc == 0)) && return 0
  demo_fail "$rc"
}

# Ends the demo after a failed step: office down, the step named, its exit code passed on.
demo_fail() {
  local rc=$1
  demo_take_down failed || echo "demo: the simulated office could not be taken down completely" >&2
  echo >&2
  echo "demo: FAILED at step '$DEMO_STEP' (exit $rc)" >&2
  exit "$rc"
}

demo_on_signal() {
  local sig=$1 rc=$2
  trap '' INT TERM
  if [[ -n $DEMO_CHILD ]]; then
    kill -TERM -- "-$DEMO_CHILD" 2>/dev/null || true
    wait "$DEMO_CHILD" 2>/dev/null || true
    DEMO_CHILD=''
  fi
  echo >&2
  if [[ -n $DEMO_STEP ]]; then
    echo "demo: stopped by SIG$sig during step '$DEMO_STEP'" >&2
  else
    echo "demo: stopped by SIG$sig" >&2
  fi
  demo_take_down stopped || echo "demo: the simulated office could not be taken down completely" >&2
  exit "$rc"
}

# The end of a run whose every step passed.
demo_finish() {
  if [[ $DEMO_MODE == no-wait ]]; then
    DEMO_STEP='taking the simulated office down'
    if ! demo_take_down ok; then
      echo "demo: FAILED at step '$DEMO_STEP'" >&2
      exit 1
    fi
  fi
  return 0
}
