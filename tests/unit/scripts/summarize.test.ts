/**
 * The closing line of scripts/test.sh (scripts/lib/summarize.mjs), run as CI runs it: the
 * vitest reports added up, and suites that did not run at all (the lab under HOC_SKIP_LAB=1)
 * counted as skipped rather than silently missing.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';

const script = new URL('../../../scripts/lib/summarize.mjs', import.meta.url).pathname;
const run = (args: string[]) => execa('node', [script, ...args], { reject: false });

describe('the test summary', () => {
  it('adds up the reports and counts the lab suites as skipped when they did not run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hoc-summary-'));
    writeFileSync(join(dir, 'unit.json'), JSON.stringify({ numPassedTests: 7, numFailedTests: 0, numPendingTests: 1, success: true }));
    writeFileSync(join(dir, 'electron.json'), JSON.stringify({ numPassedTests: 0, numFailedTests: 0, numPendingTests: 5, success: true }));
    mkdirSync(join(dir, 'e2e'));
    for (const f of ['a.test.ts', 'b.test.ts', 'lab.ts']) writeFileSync(join(dir, 'e2e', f), '');
    mkdirSync(join(dir, 'ui'));
    writeFileSync(join(dir, 'ui', 'app.test.ts'), '');
    const r = await run([join(dir, 'unit.json'), join(dir, 'electron.json'), '--skipped-suite', `lab=${join(dir, 'e2e')}`, '--skipped-suite', `ui=${join(dir, 'ui')}`]);
    expect(r.stdout).toBe('tests: 7 passed, 0 failed, 6 skipped, 2 suites skipped (lab: 2 files, ui: 1 file)');
    expect(r.exitCode).toBe(0);
  });

  it('fails when a report is missing (a suite that did not run to the end)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hoc-summary-'));
    const r = await run([join(dir, 'lab.json')]);
    expect(r.stdout).toContain('tests: 0 passed, 1 failed, 0 skipped');
    expect(r.exitCode).toBe(1);
  });
});
