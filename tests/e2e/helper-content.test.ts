/**
 * The helper's content rules, in the simulated office: the lab's unprivileged
 * group member talks raw to the real helper (root) over its socket and sends
 * the hostile tunnels of issue 10 as tunnel specs. Every one is refused by the
 * shared tunnel rules, and the home computer's routes and resolver are
 * unchanged afterwards. (Signed content only — `profile.install` on branch
 * wip/signed — is not in this build; see docs/SECURITY.md.)
 */
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endsClean, expectClean, startsClean } from './clean';
import { employee, helperSocket, inLab, labDir, profilePath } from './lab';

const anna = employee('hocuser');
const dir = join(labDir, 'hostile-content');

interface Reply {
  ok: boolean;
  error?: { code: string; params?: { detail?: string } };
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

/** Sends each request on its own connection, as the group member in the home namespace. */
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

describe('the helper refuses tunnel content the profile rules refuse', () => {
  it('refuses each hostile tunnel of issue 10 sent raw by a group member, and changes no route or resolver', async () => {
    const envelope = JSON.parse(readFileSync(profilePath, 'utf8')) as { payload: string };
    const t = JSON.parse(Buffer.from(envelope.payload, 'base64').toString('utf8')).tunnel;
    const spec = {
      addresses: t.address,
      privateKey: t.privateKey,
      mtu: t.mtu,
      dns: t.dns,
      peer: { publicKey: t.peer.publicKey, presharedKey: t.peer.presharedKey, endpoint: t.peer.endpoint, allowedIPs: t.peer.allowedIPs, persistentKeepalive: t.peer.persistentKeepalive },
    };
    const hostile: [string, object][] = [
      ['two /1 routes per family', { ...spec, peer: { ...spec.peer, allowedIPs: ['0.0.0.0/1', '128.0.0.0/1', '::/1', '8000::/1'] } }],
      ['search domain com', { ...spec, dns: { servers: t.dns.servers, searchDomains: ['com'] } }],
      ['address 127.0.0.2/8', { ...spec, addresses: ['127.0.0.2/8'] }],
      ['DNS 127.0.0.1', { ...spec, dns: { servers: ['127.0.0.1'], searchDomains: [] } }],
      ['endpoint localhost:1', { ...spec, peer: { ...spec.peer, endpoint: 'localhost:1' } }],
    ];
    const replies = await sendRaw(hostile.map(([, s]) => ({ cmd: 'tunnel.up', spec: s })));
    replies.forEach((r, i) => expect(r, hostile[i]![0]).toMatchObject({ ok: false, error: { code: 'error.helper.badRequest' } }));
    expect(await homeNetwork()).toEqual(before);
  });

  it('still brings up the lab profile\'s own tunnel from the same member (the rules refuse only what they must)', async () => {
    const r = await anna.hoc(['connect', '--profile', profilePath]);
    expect(r.all).toMatch(/VPN-Tunnel aufbauen … ok/);
    expect((await anna.hoc(['disconnect'])).exitCode).toBe(0);
    expect(await homeNetwork()).toEqual(before);
    await expectClean([anna.home]);
  });
});
