/** Running checks together: concurrency, per-service timeouts, the services step. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runChecks, stageError } from '../../../src/core/checks';
import { createServicesStage } from '../../../src/core/stages/services';
import type { CheckResult } from '../../../src/shared/checks';
import { renderCheck, worstStatus } from '../../../src/shared/checks';
import type { ProfileService } from '../../../src/shared/profile/types';
import { imapResponder, smbResponder, smtpResponder } from './fixtures';
import { blackHoleTcp, closedPort, profileWith, tcpServer, udpServer } from './servers';

const TIMEOUT = 1000;
const MARGIN = 700;

describe('running checks together', () => {
  it('finishes 8 probes, 4 of them black-holed, within one timeout: 4 ok, 4 failed with "no answer"', async () => {
    const live = await Promise.all([tcpServer(smbResponder()), tcpServer(imapResponder(true)), tcpServer(smtpResponder(true)), tcpServer((s) => s.end())]);
    const dead = await Promise.all([blackHoleTcp(), blackHoleTcp(), blackHoleTcp(), blackHoleTcp()]);
    await udpServer(() => {}, dead[3]); // the phone system swallows UDP too
    const host = '127.0.0.1';
    const services: ProfileService[] = [
      { id: 'files', label: 'Dateiserver', kind: 'smb', host, port: live[0] },
      { id: 'mail-in', label: 'E-Mail Empfang', kind: 'imap', host, port: live[1] },
      { id: 'mail-out', label: 'E-Mail Versand', kind: 'smtp', host, port: live[2] },
      { id: 'cad', label: 'CAD-Lizenzserver', kind: 'tcp', host, port: live[3] },
      { id: 'files2', label: 'Archiv', kind: 'smb', host, port: dead[0] },
      { id: 'mail2', label: 'Altes Postfach', kind: 'imap', host, port: dead[1] },
      { id: 'smtp2', label: 'Newsletter', kind: 'smtp', host, port: dead[2] },
      { id: 'phone', label: 'Telefonanlage', kind: 'sip', host, port: dead[3] },
    ];
    const completed: CheckResult[] = [];
    const run = runChecks(profileWith(services), { builtins: false, timeoutMs: TIMEOUT }).then((r) => completed.push(...r));
    await Promise.race([run, new Promise((r) => setTimeout(r, TIMEOUT + MARGIN))]);
    expect(completed).toHaveLength(8);
    expect(completed.filter((r) => r.status === 'ok').map((r) => r.id)).toEqual(['files', 'mail-in', 'mail-out', 'cad']);
    const failed = completed.filter((r) => r.status === 'fail');
    expect(failed.map((r) => r.id)).toEqual(['files2', 'mail2', 'smtp2', 'phone']);
    for (const r of failed) expect(r.message.code).toMatch(/^check\.common\.timeout(Reply|Connect)$/);
  });

  it("uses a service's own timeoutMs over the default", async () => {
    const port = await blackHoleTcp();
    const [quick, slow] = await runChecks(
      profileWith([
        { id: 'quick', label: 'A', kind: 'smb', host: '127.0.0.1', port, timeoutMs: 200 },
        { id: 'slow', label: 'B', kind: 'smb', host: '127.0.0.1', port },
      ]),
      { builtins: false, timeoutMs: 1200 },
    );
    expect(quick?.message.params.seconds).toBe(0.2);
    expect(slow?.message.params.seconds).toBe(1.2);
    expect(quick?.latencyMs).toBeLessThan(slow?.latencyMs ?? 0);
  });

  it('stops every probe when the caller cancels', async () => {
    const port = await blackHoleTcp();
    const controller = new AbortController();
    const run = runChecks(profileWith([{ id: 'x', label: 'X', kind: 'smb', host: '127.0.0.1', port }]), { builtins: false, timeoutMs: 20_000, signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    const [r] = await run;
    expect(r?.status).toBe('fail');
    expect(r?.latencyMs).toBeLessThan(5000);
  });

  it('reports an unresolvable name as a name problem, not as a dead server', async () => {
    const [r] = await runChecks(profileWith([{ id: 'x', label: 'Dateiserver', kind: 'smb', host: 'fs.hoc-test.invalid' }]), { builtins: false, timeoutMs: TIMEOUT });
    expect(r?.message.code).toMatch(/^check\.common\.(nameUnresolved|timeoutResolve)$/);
    expect(r?.nextStep.code).toBe('check.next.fixDnsFirst');
    expect(r?.supportPhone).toBeUndefined();
  });
});

describe('services step and rendering', () => {
  it('fails the step with the one failed check\'s own message, and passes warnings', async () => {
    const refused = await closedPort();
    const plain = await tcpServer(imapResponder(false));
    const seen: CheckResult[] = [];
    const stage = createServicesStage({ builtins: false, timeoutMs: TIMEOUT, onResults: (r) => seen.push(...r) });
    const profile = {
      org: { id: 'o', name: 'Büro', domain: 'buero.test' },
      support: { phone: '+49 621 1234567' },
      tunnel: { mtu: 1380, dns: { servers: [] as string[] } },
      services: [
        { id: 'ava', label: 'Ausschreibung', kind: 'tcp', host: '127.0.0.1', port: refused },
        { id: 'mail', label: 'E-Mail', kind: 'imap', host: '127.0.0.1', port: plain },
      ],
    };
    const home = mkdtempSync(join(tmpdir(), 'hoc-services-'));
    const helper = { socketPath: join(home, 'no-helper.sock') };
    const outcome = await stage.run({ home, helper, loaded: { profile: profile as never, fingerprint: 'f', secrets: [] } }, null);
    expect(outcome).toMatchObject({ ok: false, error: { code: 'check.common.refused', params: { label: 'Ausschreibung' } } });
    expect(seen.map((r) => r.status)).toEqual(['fail', 'warn']);
    const ok = await createServicesStage({ builtins: false, timeoutMs: TIMEOUT }).run({ home, helper, loaded: { profile: { ...profile, services: [profile.services[1]] } as never, fingerprint: 'f', secrets: [] } }, null);
    expect(ok).toEqual({ ok: true });
    // Stored for the diagnostics package, like every run of the checks.
    expect(JSON.parse(readFileSync(join(home, 'last-checks.json'), 'utf8')).results).toHaveLength(1);
  });

  it('lists every failed service when more than one fails', () => {
    const fail = (id: string, label: string): CheckResult => ({
      id,
      kind: 'tcp',
      label,
      status: 'fail',
      latencyMs: 1,
      message: { code: 'check.common.refused', params: { label } },
      nextStep: { code: 'check.next.callSupport', params: { phone: '1' } },
    });
    expect(stageError([fail('a', 'Dateiserver'), fail('b', 'Plotter')])).toMatchObject({ code: 'check.stage.failed', params: { count: 2, labels: 'Dateiserver, Plotter' } });
    expect(worstStatus([{ status: 'ok' }, { status: 'warn' }])).toBe('warn');
  });

  it('renders messages for a drafter in German and English', () => {
    const r: CheckResult = {
      id: 'files',
      kind: 'smb',
      label: 'Dateiserver',
      status: 'fail',
      latencyMs: 3000,
      message: { code: 'check.common.timeoutConnect', params: { label: 'Dateiserver', host: 'fs.buero.local', port: 445, seconds: 3 } },
      nextStep: { code: 'check.next.callSupport', params: { phone: '+49 621 1234567' } },
      supportPhone: '+49 621 1234567',
    };
    expect(renderCheck(r, 'de')).toMatchObject({
      message: 'Dateiserver antwortet nicht: fs.buero.local meldet sich nicht (keine Antwort in 3 s). Der Server ist aus oder wird blockiert.',
      nextStep: 'Bitte den IT-Service anrufen: +49 621 1234567.',
    });
    expect(renderCheck(r, 'en').nextStep).toBe('Please call IT support: +49 621 1234567.');
  });
});
