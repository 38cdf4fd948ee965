/**
 * Signed content only, in the simulated office: the lab's unprivileged group
 * member talks raw to the real helper (root) over its socket and tries the
 * hostile tunnels of issue 10 — as bare tunnel specs (the old protocol), as
 * profiles correctly signed by the pinned company key (so only the shared
 * content rules stand in the way), and as a profile signed by a key nobody
 * pinned. Every one is refused, and the home computer's routes and resolver
 * are unchanged afterwards; the lab profile's own tunnel still comes up.
 */
import { createPrivateKey, sign } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endsClean, expectClean, startsClean } from './clean';
import { formatEnvelope, signedMessage } from '../../src/shared/profile';
import { makeOrgKey, type MutablePayload, type OrgSigner } from '../fixtures/profiles/make';
import { employee, helperSocket, inLab, labDir, profilePath } from './lab';

const anna = employee('hocuser');
const dir = join(labDir, 'hostile-content');

interface Reply {
  ok: boolean;
  error?: { code: string };
}

/** The home computer's routes (IPv4, IPv6, every table) and resolver, as text. */
async function homeNetwork() {
  const [v4, v6, getRoute, resolv] = await Promise.all([
    inLab('home', ['ip', '-o', 'route', 'show', 'table', 'all']),
    inLab('home', ['ip', '-o', '-6', 'route', 'show', 'table', 'all']),
    inLab('home', ['ip', 'route', 'get', '8.8.8.8']),
    inLab('home', ['cat', '/etc/resolv.conf']),
  ]);
  return { v4: v4.stdout, v6: v6.stdout, getRoute: getRoute.stdout, resolv: resolv.stdout };
}

/** The lab's company key (pinned in the helper by lab.sh as the installer would). */
function companyKey(): OrgSigner {
  const envelope = JSON.parse(readFileSync(profilePath, 'utf8')) as { orgKey: string };
  return { privateKey: createPrivateKey(readFileSync(join(labDir, 'org-signing-key.pem'))), raw: Buffer.from(envelope.orgKey, 'base64') };
}

/** The lab profile's payload, mutated and correctly signed by `signer` (the pinned company key unless told). */
function signedVariant(mutate: (p: MutablePayload) => void, signer: OrgSigner = companyKey()): object {
  const envelope = JSON.parse(readFileSync(profilePath, 'utf8')) as { payload: string };
  const payload = JSON.parse(Buffer.from(envelope.payload, 'base64').toString('utf8')) as MutablePayload;
  mutate(payload);
  const bytes = Buffer.from(JSON.stringify(payload), 'utf8');
  return JSON.parse(formatEnvelope(signer.raw, bytes, sign(null, signedMessage(bytes), signer.privateKey))) as object;
}

/** Sends each request on its own connection, as the group member in the home namespace, and returns the replies. */
async function sendRaw(requests: object[]): Promise<Reply[]> {
  const file = join(dir, `requests-${Date.now()}.json`);
  writeFileSync(file, JSON.stringify(requests));
  chmodSync(file, 0o644);
  const script = `
    const net = require('net');
    const requests = JSON.parse(require('fs').readFileSync(${JSON.stringify(file)}, 'utf8'));
    (async () => {
      const out = [];
      for (const [i, r] of requests.entries()) {
        out.push(await new Promise((resolve) => {
          const s = net.connect(${JSON.stringify(helperSocket)});
          let buf = '';
          s.on('connect', () => s.write(JSON.stringify({ v: 1, id: i + 1, ...r }) + '\\n'));
          s.on('data', (d) => { buf += d; if (buf.includes('\\n')) { s.end(); resolve(JSON.parse(buf.slice(0, buf.indexOf('\\n')))); } });
          s.on('error', (e) => resolve({ ok: false, error: { code: 'client:' + e.code } }));
        }));
      }
      console.log(JSON.stringify(out));
    })();`;
  const r = await inLab('home', ['node', '-e', script], { user: true });
  expect(r.exitCode, r.all).toBe(0);
  return JSON.parse(r.stdout) as Reply[];
}

const HOSTILE: [string, string, (p: MutablePayload) => void][] = [
  ['two /1 routes per family', 'profile.tunnel.routeTooBroad', (p) => (p.tunnel.peer.allowedIPs = ['0.0.0.0/1', '128.0.0.0/1', '::/1', '8000::/1'])],
  ['search domain com', 'profile.dns.searchDomain', (p) => (p.tunnel.dns.searchDomains = ['com'])],
  ['address 127.0.0.2/8', 'profile.tunnel.addressSpecial', (p) => (p.tunnel.address = ['127.0.0.2/8'])],
  ['DNS 127.0.0.1', 'profile.dns.serverSpecial', (p) => (p.tunnel.dns.servers = ['127.0.0.1'])],
  ['endpoint localhost:1', 'profile.tunnel.endpointLocal', (p) => (p.tunnel.peer.endpoint = 'localhost:1')],
];

let before: Awaited<ReturnType<typeof homeNetwork>>;

beforeAll(async () => {
  await startsClean(anna);
  mkdirSync(dir, { recursive: true });
  chmodSync(dir, 0o755);
  before = await homeNetwork();
  expect(before.getRoute).not.toContain('hoc0');
});

afterAll(async () => {
  await endsClean(anna);
});

describe('the helper brings up only what the pinned company key signed', () => {
  it('runs as an unprivileged member of the helper group', async () => {
    const id = await inLab('home', ['id', '-u'], { user: true });
    expect(Number(id.stdout)).toBeGreaterThan(0);
  });

  it('refuses each hostile tunnel sent as a bare spec: no request carries tunnel content', async () => {
    const envelope = JSON.parse(readFileSync(profilePath, 'utf8')) as { payload: string };
    const t = JSON.parse(Buffer.from(envelope.payload, 'base64').toString('utf8')).tunnel;
    const spec = {
      addresses: t.address, privateKey: t.privateKey, mtu: t.mtu, dns: t.dns,
      peer: { publicKey: t.peer.publicKey, presharedKey: t.peer.presharedKey, endpoint: t.peer.endpoint, allowedIPs: t.peer.allowedIPs, persistentKeepalive: t.peer.persistentKeepalive },
    };
    const hostileSpecs: [string, object][] = [
      ['two /1 routes per family', { ...spec, peer: { ...spec.peer, allowedIPs: ['0.0.0.0/1', '128.0.0.0/1', '::/1', '8000::/1'] } }],
      ['search domain com', { ...spec, dns: { servers: t.dns.servers, searchDomains: ['com'] } }],
      ['address 127.0.0.2/8', { ...spec, addresses: ['127.0.0.2/8'] }],
      ['DNS 127.0.0.1', { ...spec, dns: { servers: ['127.0.0.1'], searchDomains: [] } }],
      ['endpoint localhost:1', { ...spec, peer: { ...spec.peer, endpoint: 'localhost:1' } }],
      ['the lab profile\'s own tunnel, as a bare spec', spec],
    ];
    const requests = hostileSpecs.flatMap(([name, s]) => [
      [name, { cmd: 'tunnel.up', spec: s }],
      [`${name} (beside an org)`, { cmd: 'tunnel.up', org: 'buero-mueller', spec: s }],
    ] as [string, object][]);
    const replies = await sendRaw(requests.map(([, r]) => r));
    replies.forEach((r, i) => expect(r, requests[i]![0]).toMatchObject({ ok: false, error: { code: 'error.helper.badRequest' } }));
    expect(await homeNetwork()).toEqual(before);
  });

  it('refuses each hostile tunnel even when the pinned company key signed it', async () => {
    const replies = await sendRaw(HOSTILE.map(([, , mutate]) => ({ cmd: 'profile.install', envelope: signedVariant(mutate), firstPin: true })));
    replies.forEach((r, i) => expect(r.error?.code, HOSTILE[i]![0]).toBe(HOSTILE[i]![1]));
  });

  it('refuses a tunnel whose content no pinned key signed', async () => {
    const stranger = makeOrgKey();
    const foreign = signedVariant((p) => (p.serial = 1000), stranger);
    const otherOrg = signedVariant((p) => (p.org.id = 'fremdfirma'), stranger);
    const [sameOrg, secondOrg, up] = await sendRaw([
      { cmd: 'profile.install', envelope: foreign, firstPin: true },
      { cmd: 'profile.install', envelope: otherOrg, firstPin: true },
      { cmd: 'tunnel.up', org: 'fremdfirma' },
    ]);
    expect(sameOrg?.error?.code).toBe('error.helper.pinMismatch');
    expect(secondOrg?.error?.code).toBe('error.helper.otherCompanyPinned');
    expect(up?.error?.code).toBe('error.helper.notInstalled');
  });

  it('refuses a system printer outside the company (socket://127.0.0.1:22)', async () => {
    const [install, printer] = await sendRaw([
      { cmd: 'profile.install', envelope: JSON.parse(readFileSync(profilePath, 'utf8')), firstPin: false },
      { cmd: 'printer.add', org: 'buero-mueller', name: 'Fremd', uri: 'socket://127.0.0.1:22' },
    ]);
    expect(install?.ok).toBe(true);
    expect(printer?.error?.code).toBe('printers.outsideDomain');
  });

  it('leaves the routes and the resolver of the home computer as they were', async () => {
    const after = await homeNetwork();
    expect(after.v4).toBe(before.v4);
    expect(after.v6).toBe(before.v6);
    expect(after.getRoute).toBe(before.getRoute);
    expect(after.resolv).toBe(before.resolv);
    expect(after.resolv).not.toMatch(/search com\b/);
    expect((await inLab('home', ['ip', 'link', 'show', 'hoc0'])).exitCode).not.toBe(0);
  });

  it('still brings up the lab profile\'s own tunnel from the same member (the rules refuse only what they must)', async () => {
    const r = await anna.hoc(['connect', '--profile', profilePath]);
    expect(r.all).toMatch(/VPN-Tunnel aufbauen … ok/);
    expect((await anna.hoc(['disconnect'])).exitCode).toBe(0);
    expect(await homeNetwork()).toEqual(before);
    await expectClean([anna.home]);
  });
});
