#!/usr/bin/env bash
# Order independence of the lab suites (not part of scripts/test.sh): with the lab up
# (tests/lab/lab.sh up && tests/lab/lab.sh helper-start && tests/lab/lab.sh desktop start),
# runs the lab and ui files in a shuffled order, then all of them again in the default
# order — twice in a row, with no lab down/up between. Each file must start from the state
# the previous one left and leave the home clean (tests/e2e/clean.ts).
#   scripts/lab-order.sh [SEED]      (SEED: the shuffle's seed; default random, printed)
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
seed=${1:-$RANDOM}
status=0
echo "=== lab and ui files in shuffled order (seed $seed) ==="
npx vitest run --project lab --project ui --sequence.shuffle.files --sequence.seed="$seed" || status=1
echo "=== again, default order, same lab (no down/up) ==="
npx vitest run --project lab --project ui || status=1
echo "lab-order: seed $seed, $([ $status -eq 0 ] && echo 'both runs passed' || echo 'a run failed')"
exit $status
