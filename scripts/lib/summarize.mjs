#!/usr/bin/env node
// Adds up vitest JSON reports and prints the closing line CI reads:
// "tests: N passed, N failed, N skipped".
import { existsSync, readFileSync } from 'node:fs';

let passed = 0;
let failed = 0;
let skipped = 0;
for (const file of process.argv.slice(2)) {
  if (!existsSync(file)) {
    console.log(`(no report ${file}: that suite did not run to the end)`);
    failed += 1;
    continue;
  }
  const r = JSON.parse(readFileSync(file, 'utf8'));
  passed += r.numPassedTests ?? 0;
  // Failed tests; a file that failed without a failed test (e.g. an error while loading it) counts too.
  const failedTests = r.numFailedTests ?? 0;
  failed += failedTests > 0 ? failedTests : (r.numFailedTestSuites ?? 0);
  if (failedTests === 0 && (r.numFailedTestSuites ?? 0) === 0 && r.success === false) failed += 1;
  skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
}
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
