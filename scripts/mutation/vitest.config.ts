import { defineConfig } from 'vitest/config';

// The deterministic unit tests that exercise the profile validators and the connect pipeline,
// for scripts/mutation.sh. The fast-check fuzz suite is left out: its random inputs would make a
// mutant's verdict depend on the seed, and it costs seconds per mutant on a shared machine.
export default defineConfig({
  test: {
    root: new URL('../..', import.meta.url).pathname,
    include: [
      'tests/unit/profile/hostile.test.ts',
      'tests/unit/profile/store.test.ts',
      'tests/unit/profile/cli.test.ts',
      'tests/unit/profile/validators.test.ts',
      'tests/unit/helper/protocol.test.ts',
      'tests/unit/core/session-*.test.ts',
      'tests/unit/session/*.test.ts',
      'tests/unit/app/heal-watch.test.ts',
      'tests/unit/platform/stages.test.ts',
      'tests/unit/platform/heal.test.ts',
    ],
    testTimeout: 30_000,
  },
});
