#!/usr/bin/env node
// The mutation score per file from a Stryker JSON report (mutation-testing-report-schema):
// killed + timeout over all valid mutants (no coverage counts as survived), as Stryker scores it.
import { readFileSync } from 'node:fs';

const report = JSON.parse(readFileSync(process.argv[2] ?? 'reports/mutation/mutation.json', 'utf8'));
const rows = [];
const total = { killed: 0, survived: 0, noCoverage: 0, timeout: 0 };
for (const [file, { mutants }] of Object.entries(report.files).sort(([a], [b]) => a.localeCompare(b))) {
  const c = { killed: 0, survived: 0, noCoverage: 0, timeout: 0 };
  for (const m of mutants) {
    const key = { Killed: 'killed', Survived: 'survived', NoCoverage: 'noCoverage', Timeout: 'timeout' }[m.status];
    if (key) c[key] += 1;
  }
  for (const k of Object.keys(total)) total[k] += c[k];
  rows.push([file, c]);
}
const score = (c) => {
  const valid = c.killed + c.survived + c.noCoverage + c.timeout;
  return valid === 0 ? 'n/a' : `${((100 * (c.killed + c.timeout)) / valid).toFixed(1)} %`;
};
console.log('mutation score per file (killed+timeout / valid; survived, no coverage)');
for (const [file, c] of [...rows, ['all files', total]]) {
  console.log(`  ${file.padEnd(40)} ${score(c).padStart(8)}   survived ${String(c.survived).padStart(3)}, no coverage ${String(c.noCoverage).padStart(3)}`);
}
