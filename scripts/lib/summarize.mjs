#!/usr/bin/env node
// Adds up vitest JSON reports and prints the closing line CI reads:
// "tests: N passed, N failed, N skipped" — plus ", N suites skipped (…)" when suites were not
// run at all (`--skipped-suite NAME=DIR`, e.g. the lab suites under HOC_SKIP_LAB=1): their
// test files are counted, so a summary never looks complete when a suite was left out.
import { existsSync, readdirSync, readFileSync } from 'node:fs';

/** Sums the reports and the suites not run; returns the closing line and whether anything failed. */
export function summarize(args) {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  const notes = [];
  const notRun = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--skipped-suite') {
      const [name, dir] = String(args[++i] ?? '').split('=');
      if (!name || !dir) throw new Error('--skipped-suite NAME=DIR');
      const files = existsSync(dir) ? readdirSync(dir, { recursive: true }).filter((f) => String(f).endsWith('.test.ts')).length : 0;
      notRun.push(`${name}: ${files} file${files === 1 ? '' : 's'}`);
      continue;
    }
    if (!existsSync(arg)) {
      notes.push(`(no report ${arg}: that suite did not run to the end)`);
      failed += 1;
      continue;
    }
    const r = JSON.parse(readFileSync(arg, 'utf8'));
    passed += r.numPassedTests ?? 0;
    // Failed tests; a file that failed without a failed test (e.g. an error while loading it) counts too.
    const failedTests = r.numFailedTests ?? 0;
    failed += failedTests > 0 ? failedTests : (r.numFailedTestSuites ?? 0);
    if (failedTests === 0 && (r.numFailedTestSuites ?? 0) === 0 && r.success === false) failed += 1;
    skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  }
  const suites = notRun.length ? `, ${notRun.length} suite${notRun.length === 1 ? '' : 's'} skipped (${notRun.join(', ')})` : '';
  return { notes, line: `tests: ${passed} passed, ${failed} failed, ${skipped} skipped${suites}`, failed };
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const { notes, line, failed } = summarize(process.argv.slice(2));
  for (const n of notes) console.log(n);
  console.log(line);
  process.exit(failed > 0 ? 1 : 0);
}

