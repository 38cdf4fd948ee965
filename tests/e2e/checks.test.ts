/**
 * The service checks in the simulated office: an employee at home, connected
 * through the real tunnel, runs `hoc check --json`; servers are stopped,
 * black-holed, replaced or starved of large packets, and each check must say
 * what a person would need to hear.
 */
import { execa, type ResultPromise } from 'execa';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { endsClean, startsClean } from './clean';
import { employee, ensureOfficeAccount, inLab, lab, profilePath, waitFor } from './lab';

const anna = employee('hocuser');
/** The per-probe timeout the profile does not override (core/checks DEFAULT_CHECK_TIMEOUT_MS). */
const TIMEOUT_MS = 3000;

interface JsonResult {
  id: string;
  status: 'ok' | 'warn' | 'fail';
  latencyMs: number;
  message: string;
  nextStep: string;
  code: string;
}

/** The shipped `hoc check --json`, as the employee at home. */
async function hocCheck(): Promise<{ exitCode: number; results: Map<string, JsonResult>; raw: string }> {
  const r = await anna.hoc(['check', '--json', '--profile', profilePath]);
  let parsed: { results: JsonResult[] };
  try {
    parsed = JSON.parse(r.stdout);
  } catch {
    throw new Error(`hoc check printed no JSON (exit ${r.exitCode}): ${r.all}`);
  }
  return { exitCode: r.exitCode, results: new Map(parsed.results.map((x) => [x.id, x])), raw: r.all };
}

/** Every check except `except` is ok (the tunnel may add a note about the DNS server's query size). */
function expectOthersOk(results: Map<string, JsonResult>, except: string[]): void {
  for (const [id, r] of results) if (!except.includes(id)) expect(r.status, `${id}: ${r.message}`).toBe('ok');
}

async function nft(...rules: string[][]): Promise<void> {
  for (const rule of rules) {
    const r = await inLab('office', ['nft', ...rule]);
    if (r.exitCode !== 0) throw new Error(`nft ${rule.join(' ')}: ${r.all}`);
  }
}

async function nftCleanup(): Promise<void> {
  await inLab('office', ['nft', 'delete', 'table', 'inet', 'hoctest']);
}

beforeAll(async () => {
  await nftCleanup();
  await startsClean(anna);
  await ensureOfficeAccount(anna);
  const c = await anna.hoc(['connect', '--profile', profilePath]);
  if (c.exitCode !== 0) throw new Error(`hoc connect failed (exit ${c.exitCode}): ${c.all}`);
});

afterEach(async () => {
  await nftCleanup();
});

afterAll(async () => {
  await nftCleanup();
  await endsClean(anna, { forgetAccount: true });
});

describe('hoc check in the healthy office', () => {
  it('finds every service ok, with the tunnel and office DNS', async () => {
    const { exitCode, results, raw } = await hocCheck();
    expect([...results.keys()].sort()).toEqual(['ava', 'cad-license', 'dns', 'files', 'intranet', 'mail-in', 'mail-out', 'phone', 'plotter', 'tunnel'].sort());
    expectOthersOk(results, []);
    expect(results.get('files')?.message).toMatch(/antwortet als Dateiserver \(SMB \d/);
    expect(results.get('plotter')?.message).toMatch(/Plotter ist bereit/);
    expect(exitCode, raw).toBe(0);
  });
});

describe('each office server stopped in turn', () => {
  const servers: [service: string, id: string, code: RegExp][] = [
    ['smb', 'files', /^check\.common\.refused$/],
    ['cups', 'plotter', /^check\.common\.refused$/],
    ['imap', 'mail-in', /^check\.common\.refused$/],
    ['smtp', 'mail-out', /^check\.common\.refused$/],
    ['sip', 'phone', /^check\.common\.refused$/],
    ['cad', 'cad-license', /^check\.common\.refused$/],
    ['ava', 'ava', /^check\.common\.refused$/],
    ['intranet', 'intranet', /^check\.common\.refused$/],
  ];
  for (const [service, id, code] of servers) {
    it(`says ${id} does not answer when ${service} is stopped, the others stay ok`, async () => {
      await lab('stop', service);
      try {
        const { exitCode, results } = await hocCheck();
        const r = results.get(id);
        expect(r?.status).toBe('fail');
        expect(r?.code).toMatch(code);
        expect(r?.nextStep).toContain('+49 621 1234567');
        expectOthersOk(results, [id]);
        expect(exitCode).toBe(3);
      } finally {
        await lab('start', service);
      }
    });
  }
});

describe('failures that look alike to a person but are not', () => {
  it('fails a black-holed service within its timeout', async () => {
    await nft(
      ['add', 'table', 'inet', 'hoctest'],
      ['add', 'chain', 'inet', 'hoctest', 'hocfwd', '{ type filter hook forward priority -10 ; }'],
      ['add', 'rule', 'inet', 'hoctest', 'hocfwd', 'ip', 'daddr', '10.77.0.10', 'tcp', 'dport', '1433', 'drop'],
    );
    const { results } = await hocCheck();
    const ava = results.get('ava');
    expect(ava).toMatchObject({ status: 'fail', code: 'check.common.timeoutConnect' });
    // Cut by its own timeout (the verdict says so), not by anything longer; the exact figure
    // against "one timeout + 10 %" is measured by scripts/bench-checks.mjs, not asserted here.
    expect(ava?.latencyMs).toBeLessThan(TIMEOUT_MS * 2);
    expectOthersOk(results, ['ava']);
  });

  it('says "answers, but is not a file server" when an HTTP server sits where SMB should be', async () => {
    await lab('stop', 'smb');
    let web: ResultPromise | undefined;
    try {
      web = execa('ip', ['netns', 'exec', 'hoc-lan', 'node', '-e', "require('http').createServer((q, s) => s.end('intranet')).listen(445, '10.77.0.10')"], { reject: false });
      await waitFor('the stand-in web server on port 445', async () =>
        (await inLab('lan', ['ss', '-Hltn', 'src', '10.77.0.10:445'])).stdout.trim() ? true : undefined,
      );
      const { results } = await hocCheck();
      expect(results.get('files')).toMatchObject({ status: 'fail', code: 'check.smb.notSmb' });
      expect(results.get('files')?.message).toMatch(/antwortet etwas, aber kein Dateiserver/);
    } finally {
      web?.kill();
      await web;
      await lab('start', 'smb');
    }
  });

  it('says the office DNS is down, distinct from a dead server', async () => {
    await lab('stop', 'dns');
    try {
      const { results } = await hocCheck();
      expect(results.get('dns')).toMatchObject({ status: 'fail', code: 'check.dns.officeDown' });
      expect(results.get('dns')?.message).toMatch(/Namensdienst \(DNS\) im Büro antwortet nicht/);
      // The services cannot be found by name; they are not reported as switched off.
      for (const id of ['files', 'cad-license', 'intranet']) expect(results.get(id)?.code).toMatch(/^check\.common\.(nameUnresolved|timeoutResolve)$/);
    } finally {
      await lab('start', 'dns');
    }
  });

  it('reports the packet size limit and the MTU to use when large packets are dropped', async () => {
    const drop = (chain: string, hook: string) => [
      ['add', 'chain', 'inet', 'hoctest', chain, `{ type filter hook ${hook} priority -10 ; }`],
      ['add', 'rule', 'inet', 'hoctest', chain, 'iifname', 'wg0', 'meta', 'length', '>', '1200', 'drop'],
    ];
    await nft(['add', 'table', 'inet', 'hoctest'], ...drop('hocin', 'input'), ...drop('hocfwd', 'forward'));
    const { results } = await hocCheck();
    const tunnel = results.get('tunnel');
    expect(tunnel).toMatchObject({ status: 'warn', code: 'check.tunnel.mtuLimited' });
    expect(tunnel?.message).toContain('bis 1200 Byte');
    expect(tunnel?.nextStep).toContain('MTU 1200');
  });
});
