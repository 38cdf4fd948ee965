/**
 * Electronegativity (Doyensec's Electron security scanner) over src/, read
 * from its SARIF report: it exits 0 even with findings, so this test fails on
 * every result.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, META_CONTENT_SECURITY_POLICY } from '../../../src/main/security';

const root = new URL('../../..', import.meta.url).pathname;
const require = createRequire(import.meta.url);

interface SarifResult {
  ruleId: string;
  message: { text: string };
  locations?: { physicalLocation?: { artifactLocation?: { uri?: string }; region?: { startLine?: number } } }[];
}

/** What csp-evaluator (the engine of CSP_GLOBAL_CHECK) says about our policy. */
function cspFindings(policy: string): { severity: number; directive: string; description: string }[] {
  const csp = require(require.resolve('@doyensec/csp-evaluator', { paths: [join(root, 'node_modules/@doyensec/electronegativity')] })) as {
    CspParser: new (s: string) => { csp: unknown };
    CspEvaluator: new (c: unknown, v: unknown) => { evaluate(): { severity: number; directive: string; description: string }[] };
    Version: { CSP3: unknown };
  };
  return new csp.CspEvaluator(new csp.CspParser(policy).csp, csp.Version.CSP3).evaluate();
}

describe('electronegativity over src/', () => {
  it('reports no finding at all (read from its SARIF report)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hoc-eneg-'));
    try {
      const sarif = join(dir, 'electronegativity.sarif');
      const run = await execa(join(root, 'node_modules/.bin/electronegativity'), ['-i', join(root, 'src'), '-e', '45.5.0', '-o', sarif], {
        reject: false,
        all: true,
        timeout: 120_000,
        stdin: 'ignore',
      });
      expect(run.exitCode, run.all).toBe(0);
      const report = JSON.parse(readFileSync(sarif, 'utf8')) as { runs: { results: SarifResult[] }[] };
      const results = report.runs.flatMap((r) => r.results);
      const where = (r: SarifResult) =>
        `${r.ruleId} ${r.locations?.[0]?.physicalLocation?.artifactLocation?.uri?.replace(root, '') ?? '?'}:${r.locations?.[0]?.physicalLocation?.region?.startLine ?? '?'} ${r.message.text}`;
      expect(results.map(where)).toEqual([]);
      // The scanner did look at our policy (in index.html and main), and its engine has nothing to say about it.
      expect(readFileSync(join(root, 'src/renderer/index.html'), 'utf8')).toContain(META_CONTENT_SECURITY_POLICY);
      expect(readFileSync(join(root, 'src/main/index.ts'), 'utf8')).toContain(CONTENT_SECURITY_POLICY);
      expect(cspFindings(CONTENT_SECURITY_POLICY)).toEqual([]);
      expect(cspFindings(META_CONTENT_SECURITY_POLICY)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
