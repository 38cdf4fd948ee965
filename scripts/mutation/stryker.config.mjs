// StrykerJS over the profile validators (src/shared/profile) and the connect pipeline
// (src/core/session, src/core/stages); run by scripts/mutation.sh, not in CI. Scope: HOC_MUTATE (comma list of globs).
const mutate = (process.env.HOC_MUTATE ?? 'src/shared/profile/**/*.ts,src/core/session/**/*.ts,src/core/stages/**/*.ts').split(',');

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: { configFile: 'scripts/mutation/vitest.config.ts', related: false },
  mutate: [...mutate, '!**/index.ts'],
  coverageAnalysis: 'perTest',
  // Two cores shared with other work: one test process at a time.
  concurrency: Number(process.env.HOC_MUTATION_CONCURRENCY ?? 1),
  timeoutMS: 20_000,
  reporters: ['clear-text', 'json', 'progress-append-only'],
  jsonReporter: { fileName: process.env.HOC_MUTATION_REPORT ?? 'reports/mutation/mutation.json' },
  clearTextReporter: { allowColor: false, logTests: false, reportMutants: true, reportScoreTable: true },
  // Not copied into the sandbox: other runs' sandboxes and reports.
  ignorePatterns: ['/.stryker-tmp*', '/reports', '/test-results', '/out'],
  tempDirName: process.env.HOC_MUTATION_TMP ?? '.stryker-tmp',
  cleanTempDir: 'always',
  thresholds: { high: 90, low: 75, break: null },
};
