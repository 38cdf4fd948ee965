import { defineConfig } from 'vitest/config';

// The real Electron app through playwright-core's _electron; run on a machine that has
// the Electron binary: npx vitest run --config tests/electron/vitest.config.ts
export default defineConfig({
  test: { name: 'electron', root: new URL('../..', import.meta.url).pathname, include: ['tests/electron/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 60_000 },
});
