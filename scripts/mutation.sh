#!/usr/bin/env bash
# Mutation testing (not a test, not in CI): StrykerJS with its vitest runner mutates the profile
# validators (src/shared/profile) and the connect pipeline (src/core/session, src/core/stages) and runs the
# deterministic unit tests against each mutant; prints the mutation score per file.
#   scripts/mutation.sh                     both scopes (slow: tens of minutes on two cores)
#   HOC_MUTATE='src/shared/profile/**/*.ts' scripts/mutation.sh     one scope
#   HOC_MUTATION_CONCURRENCY=2 scripts/mutation.sh                   more test processes
#   HOC_MUTATION_REPORT=FILE HOC_MUTATION_TMP=DIR                    report and sandbox elsewhere
# Report: reports/mutation/mutation.json; the scores: node scripts/mutation/scores.mjs [FILE]
set -euo pipefail
cd "$(dirname "$0")/.."
nice -n 10 npx stryker run scripts/mutation/stryker.config.mjs
node scripts/mutation/scores.mjs "${HOC_MUTATION_REPORT:-reports/mutation/mutation.json}"
