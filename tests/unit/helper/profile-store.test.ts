/**
 * The helper's installed profiles and machine-wide pin, over the real socket
 * server (unprivileged, identity lookup replaced: tests/fixtures/helper.ts):
 * only content the pinned key signed is installed, updates need a serial ≥
 * the installed one, and tunnel.up renders only from that installed copy.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tunnelSpecOf } from '../../../src/helper/profile-store';
import { startTestHelper, type TestHelper } from '../../fixtures/helper';
import { NOW, examplePayload, makeOrgKey, signBytes, signPayload, type MutablePayload, type OrgSigner } from '../../fixtures/profiles/make';

const org = makeOrgKey();
const me = { pid: process.pid, uid: process.getuid?.() ?? 1000, gids: [4242] };
let helper: TestHelper;

beforeEach(async () => {
  helper = await startTestHelper(() => NOW);
});
afterEach(() => helper.close());

interface Reply {
  id: number;
  ok: boolean;
  result?: Record<string, unknown>;
  error?: { code: string; params: Record<string, unknown> };
}

/** Sends one raw request line and returns the parsed reply. */
function send(request: object): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const s = connect(helper.socketPath);
    let buf = '';
    s.setEncoding('utf8');
    s.on('connect', () => s.write(`${JSON.stringify({ v: 1, id: 1, ...request })}\n`));
    s.on('data', (c: string) => {
      buf += c;
      if (buf.includes('\n')) {
        s.end();
        resolve(JSON.parse(buf.slice(0, buf.indexOf('\n'))) as Reply);
      }
    });
    s.on('error', reject);
  });
}

function envelope(mutate: (p: MutablePayload) => void = () => {}, signer: OrgSigner = org): object {
  const p = examplePayload();
  mutate(p);
  return JSON.parse(signPayload(p, signer)) as object;
}

const install = (env: object, firstPin = true) => send({ cmd: 'profile.install', envelope: env, firstPin });

describe('profile.install', () => {
  it('pins the key at the first install on the machine, then brings nothing up without a tunnel.up', async () => {
    const r = await install(envelope());
    expect(r).toMatchObject({ ok: true, result: { kind: 'profile.installed', orgId: 'buero-mueller', serial: 3, pin: 'new' } });
    expect((await install(envelope())).result).toMatchObject({ pin: 'pinned' });
    const pins = JSON.parse(readFileSync(join(helper.profileDir, 'pins.json'), 'utf8'));
    expect(pins.pins['buero-mueller'].orgKey).toBe(org.raw.toString('base64'));
  });

  it('refuses a bad signature', async () => {
    const env = envelope() as { payload: string };
    const other = JSON.parse(signPayload({ ...examplePayload(), serial: 4 }, org)) as { payload: string };
    const r = await install({ ...env, payload: other.payload });
    expect(r.error?.code).toBe('profile.signature.invalid');
    expect(await helper.profiles.pins()).toEqual({});
  });

  it('refuses content the validator refuses, even when correctly signed', async () => {
    const hostile: [string, (p: MutablePayload) => void][] = [
      ['profile.tunnel.routeTooBroad', (p) => (p.tunnel.peer.allowedIPs = ['0.0.0.0/1', '128.0.0.0/1', '::/1', '8000::/1'])],
      ['profile.dns.searchDomain', (p) => (p.tunnel.dns.searchDomains = ['com'])],
      ['profile.tunnel.addressSpecial', (p) => (p.tunnel.address = ['127.0.0.2/8'])],
      ['profile.dns.serverSpecial', (p) => (p.tunnel.dns.servers = ['127.0.0.1'])],
      ['profile.tunnel.endpointLocal', (p) => (p.tunnel.peer.endpoint = 'localhost:1')],
      ['profile.expired', (p) => (p.expiresAt = '2026-12-01T00:00:00Z')],
    ];
    for (const [code, mutate] of hostile) expect((await install(envelope(mutate))).error?.code, code).toBe(code);
    expect(await helper.profiles.pins()).toEqual({});
  });

  it('refuses a different key for the pinned company, even with a higher serial', async () => {
    await install(envelope());
    const r = await install(envelope((p) => (p.serial = 99), makeOrgKey()));
    expect(r.error?.code).toBe('error.helper.pinMismatch');
    expect((await helper.profiles.tunnelSpec('buero-mueller', me)).peer.endpoint).toBe('vpn.buero-mueller.example:51820');
  });

  it('refuses a second company unless root pinned it, and never pins without the fingerprint comparison', async () => {
    expect((await install(envelope(), false)).error?.code).toBe('error.helper.notPinned');
    await install(envelope());
    const other = envelope((p) => (p.org = { id: 'kanzlei-b', name: 'Kanzlei B', domain: 'buero.local' }), makeOrgKey());
    expect((await install(other)).error?.code).toBe('error.helper.otherCompanyPinned');
    await helper.profiles.pinAsAdmin(other);
    expect((await install(other)).ok).toBe(true);
  });

  it('refuses a lower serial and accepts the same or a higher one', async () => {
    await install(envelope((p) => (p.serial = 5)));
    const r = await install(envelope((p) => (p.serial = 4)));
    expect(r.error).toMatchObject({ code: 'error.helper.serialOlder', params: { serial: 4, current: 5 } });
    expect((await install(envelope((p) => (p.serial = 5)))).ok).toBe(true);
    expect((await install(envelope((p) => (p.serial = 6)))).result).toMatchObject({ serial: 6 });
  });

  it('refuses a payload that is not a signed envelope at all', async () => {
    expect((await send({ cmd: 'profile.install', envelope: examplePayload(), firstPin: true })).error?.code).toBe('error.helper.badRequest');
    const unsigned = { format: 'hoc-profile', version: 1, orgKey: org.raw.toString('base64'), payload: Buffer.from(JSON.stringify(examplePayload())).toString('base64'), signature: 'A'.repeat(86) + '==' };
    expect((await install(unsigned)).error?.code).toBe('profile.signature.invalid');
  });
});

describe('the installed copy', () => {
  it('is what tunnel.up renders from: keys included, for the caller only', async () => {
    const p = examplePayload();
    await install(JSON.parse(signPayload(p, org)) as object);
    expect(await helper.profiles.tunnelSpec('buero-mueller', me)).toEqual(tunnelSpecOf(p as never));
    await expect(helper.profiles.tunnelSpec('buero-mueller', { ...me, uid: me.uid + 1 })).rejects.toMatchObject({ code: 'error.helper.notInstalled' });
  });

  it('is verified again at every use: a file changed on disk no longer brings a tunnel up', async () => {
    await install(envelope());
    const file = join(helper.profileDir, 'installed', String(me.uid), 'buero-mueller.json');
    const record = JSON.parse(readFileSync(file, 'utf8'));
    const evil = JSON.parse(signBytes(Buffer.from(JSON.stringify({ ...examplePayload(), serial: 9 })), makeOrgKey()));
    writeFileSync(file, JSON.stringify({ ...record, envelope: { ...record.envelope, payload: evil.payload } }));
    await expect(helper.profiles.tunnelSpec('buero-mueller', me)).rejects.toMatchObject({ code: 'profile.signature.invalid' });
  });

  it('stops working when root unpins the company; removal takes only the caller’s copy', async () => {
    await install(envelope());
    expect((await send({ cmd: 'profile.remove', org: 'buero-mueller' })).result).toEqual({ kind: 'profile.removed', orgId: 'buero-mueller', removed: true });
    await install(envelope());
    expect(await helper.profiles.unpin('buero-mueller')).toEqual({ removedPin: true, removedInstalls: 1 });
    await expect(helper.profiles.tunnelSpec('buero-mueller', me)).rejects.toMatchObject({ code: 'error.helper.notInstalled' });
    expect((await install(envelope())).result).toMatchObject({ pin: 'new' });
  });
});

describe('printer.add', () => {
  it('refuses a printer outside the installed company, such as socket://127.0.0.1:22', async () => {
    await install(envelope());
    const r = await send({ cmd: 'printer.add', org: 'buero-mueller', name: 'Fremd', uri: 'socket://127.0.0.1:22' });
    expect(r.error).toMatchObject({ code: 'printers.outsideDomain', params: { host: '127.0.0.1' } });
  });
});
