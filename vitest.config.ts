import { defineConfig } from 'vitest/config';

// Two levels: unit tests (no network, no root) and lab tests (root, the
// simulated office from tests/lab/ must be up; scripts/test.sh does that).
export default defineConfig({
  esbuild: { jsx: 'automatic' },
  test: {
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], testTimeout: 30_000 },
      },
      {
        extends: true,
        test: {
          // The built renderer in Chromium against a fake main process from the IPC schema: no root, no lab.
          name: 'renderer',
          include: ['tests/renderer/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'lab',
          include: ['tests/e2e/**/*.test.ts'],
          setupFiles: ['tests/lab/setup-lab-file.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
          sequence: { concurrent: false },
        },
      },
      {
        extends: true,
        test: {
          // The renderer in real Chromium (playwright-core, /usr/bin/chromium) with the real
          // main-process code behind it; needs root and the lab for the connect flows.
          name: 'ui',
          include: ['tests/ui/**/*.test.ts'],
          setupFiles: ['tests/lab/setup-lab-file.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
