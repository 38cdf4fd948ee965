/**
 * `hoc admin opnsense setup | push | status` against the OPNsense API stand-in
 * (tests/lab/opnsense-api-standin.mjs, written from OPNsense's source) on loopback, without
 * WireGuard: what reconfigure would render is recorded instead of applied (the lab applies it).
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { adminCommand } from '../../../src/cli/commands/admin';
import type { CliIo } from '../../../src/cli/io';
import { OpnsenseApi, checkApiUrl, generateWireGuardKeyPair } from '../../../src/core/admin';
import { createStandin, type RenderedPeer } from '../../lab/opnsense-api-standin.mjs';

let dir: string;
let server: Server;
let url: string;
let standin: ReturnType<typeof createStandin>;
let rendered: RenderedPeer[][];
const office = generateWireGuardKeyPair();
const foreignPeer = generateWireGuardKeyPair().publicKey;

function io(env: Record<string, string> = {}): CliIo & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return { lang: 'en', env, lines, errors, out: (l) => lines.push(l), err: (l) => errors.push(l), confirm: async () => false };
}

async function admin(args: string[], env: Record<string, string> = {}) {
  const out = io(env);
  const code = await adminCommand(['--org-dir', dir, ...args], out);
  return { code, text: [...out.lines, ...out.errors].join('\n'), out };
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hoc-opnsense-'));
  rendered = [];
  const serverUuid = randomUUID();
  const other = { uuid: randomUUID(), enabled: '1', name: 'site-to-site', pubkey: foreignPeer, psk: '', tunneladdress: '192.168.50.0/24', serveraddress: '', serverport: '', keepalive: '' };
  standin = createStandin({
    key: 'k3y',
    secret: 's3cr3t',
    servers: [{ uuid: serverUuid, enabled: '1', name: 'HomeOffice', instance: '0', pubkey: office.publicKey, privkey: office.privateKey, port: '51820', tunneladdress: '10.99.0.1/24', peers: other.uuid }],
    clients: [other],
    applyPeers: (_s, peers) => rendered.push(peers),
  });
  server = createServer(standin.handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await writeFile(join(dir, 'apikey.txt'), 'key=k3y\nsecret=s3cr3t\n');
  const init = ['init', '--org-id', 'buero-mueller', '--org-name', 'Büro Müller', '--domain', 'buero.local', '--endpoint', 'vpn.buero-mueller.example:51820',
    '--server-key', office.publicKey, '--allowed-ips', '10.77.0.0/24,10.99.0.0/24', '--dns', '10.77.0.1', '--support-name', 'IT-Service',
    '--support-phone', '+49 621 1234567', '--support-email', 'hilfe@it-service.example', '--support-hours', 'Mo–Fr'];
  expect((await admin(init)).code).toBe(0);
});
afterEach(async () => {
  await new Promise((resolve) => server.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

const csv = 'name;role\nAnna Schmidt;staff\nBernd Bauer;staff\nCarla Chef;staff\n';

describe('hoc admin opnsense against the API stand-in', () => {
  it('setup finds the instance by the org\'s server key and stores the credentials 0600', async () => {
    const r = await admin(['opnsense', 'setup', '--url', url, '--credentials', join(dir, 'apikey.txt')]);
    expect(r.code, r.text).toBe(0);
    expect(r.text).toContain('WireGuard instance "HomeOffice"');
    expect((await stat(join(dir, 'opnsense-credentials.txt'))).mode & 0o777).toBe(0o600);
    expect(await readFile(join(dir, 'opnsense.json'), 'utf8')).not.toContain('s3cr3t');
  });

  it('add-users --push: one peer per employee on the instance, then reconfigure; a second push changes nothing', async () => {
    await admin(['opnsense', 'setup', '--url', url, '--credentials', join(dir, 'apikey.txt')]);
    await writeFile(join(dir, 'team.csv'), csv);
    const r = await admin(['add-users', join(dir, 'team.csv'), '--push']);
    expect(r.code, r.text).toBe(0);
    expect(r.text).toContain('+ anna-schmidt (Anna Schmidt): added');
    expect(r.text).toContain('3 changes saved and applied');
    const book = JSON.parse(await readFile(join(dir, 'address-book.json'), 'utf8'));
    const peers = rendered.at(-1)!;
    for (const u of book.users) expect(peers).toContainEqual(expect.objectContaining({ pubkey: u.publicKey, tunneladdress: [u.address] }));
    // The peer the book does not know stays where it was.
    expect(peers.map((p) => p.pubkey)).toContain(foreignPeer);
    // Every peer got its preshared key, and none was printed.
    expect(peers.filter((p) => p.pubkey !== foreignPeer).every((p) => p.psk.length === 44)).toBe(true);
    for (const p of peers) if (p.psk) expect(r.text).not.toContain(p.psk);

    const calls = standin.log.length;
    const again = await admin(['opnsense', 'push', '--all']);
    expect(again.text).toContain('Nothing to do');
    expect(standin.log.slice(calls).every((l) => l.startsWith('GET '))).toBe(true);
    expect((await admin(['opnsense', 'status'])).code).toBe(0);
  });

  it('status names a peer changed on the firewall by hand, push --dry-run shows it, push repairs it', async () => {
    await admin(['opnsense', 'setup', '--url', url, '--credentials', join(dir, 'apikey.txt')]);
    await writeFile(join(dir, 'team.csv'), csv);
    await admin(['add-users', join(dir, 'team.csv'), '--push']);
    const anna = [...standin.model.clients.values()].find((c) => c.name === 'anna-schmidt')!;
    anna.tunneladdress = '10.99.0.200/32';
    anna.enabled = '0';
    const status = await admin(['opnsense', 'status']);
    expect(status.code).toBe(3);
    expect(status.text).toContain('anna-schmidt (Anna Schmidt): differs (enabled, tunneladdress)');
    const dry = await admin(['opnsense', 'push', '--dry-run']);
    expect(dry.text).toContain('Dry run: 1 changes would be made');
    expect(anna.enabled).toBe('0');
    await admin(['opnsense', 'push']);
    expect(standin.model.clients.get(anna.uuid)).toMatchObject({ enabled: '1', tunneladdress: '10.99.0.2/32' });
  });

  it('revoke + push removes exactly that peer; renew --new-key + push replaces its key', async () => {
    await admin(['opnsense', 'setup', '--url', url, '--credentials', join(dir, 'apikey.txt')]);
    await writeFile(join(dir, 'team.csv'), csv);
    await admin(['add-users', join(dir, 'team.csv'), '--push']);
    const r = await admin(['revoke', 'Bernd Bauer', '--push']);
    expect(r.text).toContain('- bernd-bauer (Bernd Bauer): removed (revoked)');
    expect([...standin.model.clients.values()].map((c) => c.name).sort()).toEqual(['anna-schmidt', 'carla-chef', 'site-to-site']);
    const renew = await admin(['renew', 'Carla Chef', '--new-key', '--push']);
    expect(renew.text).toContain('~ carla-chef (Carla Chef): updated (pubkey, psk)');
    const book = JSON.parse(await readFile(join(dir, 'address-book.json'), 'utf8'));
    const carla = book.users.find((u: { slug: string }) => u.slug === 'carla-chef');
    expect(rendered.at(-1)!.map((p) => p.pubkey)).toContain(carla.publicKey);
  });

  it('shows OPNsense\'s validation message as the next step (a name the model\'s mask refuses)', async () => {
    const api = new OpnsenseApi({ url, key: 'k3y', secret: 's3cr3t' });
    const servers = await api.servers();
    const err = await api
      .addClient({ enabled: '1', name: 'Anna Schmidt', pubkey: generateWireGuardKeyPair().publicKey, psk: '', tunneladdress: '10.99.0.9', servers: servers[0]!.uuid })
      .catch((e: Error) => e);
    expect(String(err)).toContain('The OPNsense refuses the peer "Anna Schmidt" – field "name": Should be a string between 1 and 64 characters');
  });

  it('refuses a wrong API key, plain http to anything but loopback, and missing credentials', async () => {
    await writeFile(join(dir, 'wrong.txt'), 'key=k3y\nsecret=nope\n');
    expect((await admin(['opnsense', 'setup', '--url', url, '--credentials', join(dir, 'wrong.txt')])).text).toContain('refuses the API key');
    expect(() => checkApiUrl('http://10.77.0.1/')).toThrow(/https:\/\/ only/);
    expect(checkApiUrl('https://fw.buero.local/')).toBe('https://fw.buero.local');
    expect((await admin(['opnsense', 'setup', '--url', url])).text).toContain('No API key');
    const env = await admin(['opnsense', 'setup', '--url', url], { OPNSENSE_API_KEY: 'k3y', OPNSENSE_API_SECRET: 's3cr3t' });
    expect(env.code, env.text).toBe(0);
  });

  it('names the instances when the org\'s server key matches none', async () => {
    const r = await admin(['opnsense', 'setup', '--url', url, '--credentials', join(dir, 'apikey.txt'), '--instance', 'Nope']);
    expect(r.code).toBe(2);
    expect(r.text).toContain('no WireGuard instance "Nope" (there are: HomeOffice)');
  });
});
