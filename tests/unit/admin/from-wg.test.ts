/**
 * `hoc admin from-wg` on configs as others write them: the examples of the wg-quick(8) and
 * wg(8) man pages, the output of WireGuard for Windows' config writer (conf/writer.go) and of
 * OPNsense's peer generator (views/OPNsense/Wireguard/general.volt), plus every refusal.
 */
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { adminCommand } from '../../../src/cli/commands/admin';
import type { CliIo } from '../../../src/cli/io';
import { generateWireGuardKeyPair, parseWgConfig, parseWgSections } from '../../../src/core/admin';
import { UserError } from '../../../src/shared/errors';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hoc-fromwg-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function io(): CliIo & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return { lang: 'en', env: {}, lines, errors, out: (l) => lines.push(l), err: (l) => errors.push(l), confirm: async () => false };
}

/** The peer of wg-quick(8)'s example: demo.wireguard.com. */
const MAN_PEER = 'GtL7fZc/bLnqZldpVofMCD6hDjrK28SsdLxevJ+qtKU=';

/** An organisation whose firewall is `serverKey` at `endpoint`, routing `allowed`. */
async function org(serverKey: string, endpoint: string, allowed: string, dns: string): Promise<void> {
  const args = ['--org-dir', dir, 'init', '--org-id', 'buero-mueller', '--org-name', 'Büro Müller', '--domain', 'buero.local', '--endpoint', endpoint,
    '--server-key', serverKey, '--allowed-ips', allowed, '--dns', dns, '--support-name', 'IT-Service', '--support-phone', '+49 621 1234567',
    '--support-email', 'hilfe@it-service.example', '--support-hours', 'Mo–Fr'];
  expect(await adminCommand(args, io())).toBe(0);
}

async function fromWg(text: string | Buffer, name = 'Anna Schmidt', file = 'client.conf') {
  const path = join(dir, file);
  await writeFile(path, text);
  const out = io();
  const code = await adminCommand(['--org-dir', dir, 'from-wg', path, '--name', name, '--role', 'staff'], out);
  return { code, out, payload: code === 0 ? JSON.parse(await readFile(join(dir, 'users', `${name.toLowerCase().replace(/ /g, '-')}.payload.json`), 'utf8')) : null };
}

// wg-quick(8), EXAMPLES: "connecting as a client to a VPN gateway for tunneling all traffic".
const WG_QUICK_EXAMPLE = `[Interface]
Address = 10.200.100.8/24
DNS = 10.200.100.1
PrivateKey = oK56DE9Ue9zK76rAc8pBl6opph+1v36lm7cXXsQKrQM=

[Peer]
PublicKey = GtL7fZc/bLnqZldpVofMCD6hDjrK28SsdLxevJ+qtKU=
PresharedKey = /UwcSPg38hW/D9Y3tcS1FOV0K1wuURMbS0sesJEP5ak=
AllowedIPs = 0.0.0.0/0
Endpoint = demo.wireguard.com:51820
`;

// wg(8), CONFIGURATION FILE FORMAT EXAMPLE: a server with three peers (no Address: wg has none).
const WG_EXAMPLE = `[Interface]
PrivateKey = yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=
ListenPort = 51820

[Peer]
PublicKey = xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=
Endpoint = 192.95.5.67:1234
AllowedIPs = 10.192.122.3/32, 10.192.124.1/24

[Peer]
PublicKey = TrMvSoP4jYQlY6RIzBgbssQqY3vxI2Pi+y71lOWWXX0=
Endpoint = [2607:5300:60:6b0::c05f:543]:2468
AllowedIPs = 10.192.122.4/32, 192.168.0.0/16

[Peer]
PublicKey = gN65BkIKy1eCE9pP1wdc8ROUunkiVXrBvGAKBEKdOQI=
Endpoint = test.wireguard.com:18981
AllowedIPs = 10.10.10.230/32
`;

describe('from-wg reads the man page examples', () => {
  it('reads wg-quick(8)\'s client example and refuses only its default route, naming the AllowedIPs line', async () => {
    const conf = parseWgConfig(WG_QUICK_EXAMPLE, 'demo.conf');
    expect(conf.addresses).toEqual(['10.200.100.8/24']);
    expect(conf.peer).toMatchObject({ publicKey: MAN_PEER, endpoint: 'demo.wireguard.com:51820', allowedIPs: ['0.0.0.0/0'] });
    await org(MAN_PEER, 'demo.wireguard.com:51820', '10.200.100.0/24', '10.200.100.1');
    const { code, out } = await fromWg(WG_QUICK_EXAMPLE);
    expect(code).toBe(2);
    expect(out.errors[0]).toMatch(/^client\.conf, line 9: .*all internet traffic \(0\.0\.0\.0\/0\)/);
  });

  it('takes the same example over when the peer routes the office range only', async () => {
    await org(MAN_PEER, 'demo.wireguard.com:51820', '10.200.100.0/24', '10.200.100.1');
    const { code, out, payload } = await fromWg(WG_QUICK_EXAMPLE.replace('AllowedIPs = 0.0.0.0/0', 'AllowedIPs = 10.200.100.0/24'));
    expect(code, out.errors.join('\n')).toBe(0);
    expect(payload.tunnel).toMatchObject({ address: ['10.200.100.8/24'], dns: { servers: ['10.200.100.1'] }, peer: { presharedKey: '/UwcSPg38hW/D9Y3tcS1FOV0K1wuURMbS0sesJEP5ak=' } });
  });

  it('reads wg(8)\'s example (ListenPort, IPv6 endpoint) and refuses it for its three peers, not for its syntax', async () => {
    const sections = parseWgSections(WG_EXAMPLE, 'wg0.conf');
    expect(sections.map((s) => [s.name, s.line])).toEqual([['interface', 1], ['peer', 5], ['peer', 10], ['peer', 15]]);
    expect(sections[2]!.entries.find((e) => e.key === 'endpoint')?.value).toBe('[2607:5300:60:6b0::c05f:543]:2468');
    expect(() => parseWgConfig(WG_EXAMPLE, 'wg0.conf')).toThrow(/wg0\.conf, line 10: 3 \[Peer\] sections/);
  });
});

describe('from-wg reads what other tools write', () => {
  const me = generateWireGuardKeyPair();
  const office = generateWireGuardKeyPair().publicKey;
  const setup = () => org(office, 'vpn.buero-mueller.example:51820', '10.77.0.0/24,10.99.0.0/24', '10.77.0.1');

  it('WireGuard for Windows: its writer\'s layout (", " lists, ListenPort), saved by Notepad with a BOM and CRLF', async () => {
    await setup();
    // conf/writer.go ToWgQuick: PrivateKey, ListenPort, Address, DNS, MTU, then each [Peer].
    const text = ['[Interface]', `PrivateKey = ${me.privateKey}`, 'ListenPort = 51820', 'Address = 10.99.0.9/32, fd00:99::9/128', 'DNS = 10.77.0.1, buero.local', 'MTU = 1400', '',
      '[Peer]', `PublicKey = ${office}`, 'AllowedIPs = 10.77.0.0/24, 10.99.0.0/24', 'Endpoint = vpn.buero-mueller.example:51820', 'PersistentKeepalive = 25', ''].join('\r\n');
    const { code, out, payload } = await fromWg(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]));
    expect(code, out.errors.join('\n')).toBe(0);
    expect(payload.tunnel.address).toEqual(['10.99.0.9/32', 'fd00:99::9/128']);
    expect(payload.tunnel.dns).toEqual({ servers: ['10.77.0.1'], searchDomains: ['buero.local'] });
    expect(payload.tunnel.mtu).toBe(1400);
    // ListenPort is read but has no effect on a client: said, not silently dropped.
    expect(out.lines.join('\n')).toContain('ListenPort (client.conf:3)');
  });

  it('OPNsense peer generator: lines joined by \\n without a final newline, AllowedIPs comma-joined without spaces', async () => {
    await setup();
    const psk = generateWireGuardKeyPair().publicKey;
    const text = ['[Interface]', `PrivateKey = ${me.privateKey}`, 'Address = 10.99.0.10/32', 'DNS = 10.77.0.1', '', '[Peer]', `PublicKey = ${office}`, `PresharedKey = ${psk}`,
      'Endpoint = vpn.buero-mueller.example:51820', 'AllowedIPs = 10.77.0.0/24,10.99.0.0/24', 'PersistentKeepalive = 25'].join('\n');
    const { code, out, payload } = await fromWg(text);
    expect(code, out.errors.join('\n')).toBe(0);
    expect(payload.tunnel.peer).toMatchObject({ allowedIPs: ['10.77.0.0/24', '10.99.0.0/24'], presharedKey: psk, persistentKeepalive: 25 });
  });

  it('accepts what wg-quick accepts: any key case, bare addresses, space-separated lists, repeated lines, keepalive off, Table = auto, comments', async () => {
    await setup();
    const text = `# exported by hand
[INTERFACE]
privatekey=${me.privateKey}   # mine
ADDRESS = 10.99.0.11
table = auto
SaveConfig = false
FwMark = off
dns = 10.77.0.1
[peer]
publickey = ${office}
allowedips = 10.77.0.0/24 10.99.0.0/24
AllowedIPs = 10.77.0.10
endpoint = VPN.Buero-Mueller.example:51820
persistentkeepalive = off
`;
    const { code, out, payload } = await fromWg(text);
    expect(code, out.errors.join('\n')).toBe(0);
    expect(payload.tunnel.address).toEqual(['10.99.0.11/32']);
    expect(payload.tunnel.peer.allowedIPs).toEqual(['10.77.0.0/24', '10.99.0.0/24', '10.77.0.10/32']);
    expect(payload.tunnel.peer.persistentKeepalive).toBe(0);
  });
});

describe('from-wg refuses, naming file and line', () => {
  const me = generateWireGuardKeyPair();
  const office = generateWireGuardKeyPair().publicKey;
  const setup = () => org(office, 'vpn.buero-mueller.example:51820', '10.77.0.0/24,10.99.0.0/24', '10.77.0.1');
  const conf = (o: { peer?: string; endpoint?: string; key?: string; address?: string; extra?: string } = {}) => `[Interface]
PrivateKey = ${o.key ?? me.privateKey}
Address = ${o.address ?? '10.99.0.20/32'}
DNS = 10.77.0.1
${o.extra ?? ''}
[Peer]
PublicKey = ${o.peer ?? office}
Endpoint = ${o.endpoint ?? 'vpn.buero-mueller.example:51820'}
AllowedIPs = 10.77.0.0/24
`;

  it('a peer that is some other server (its key), with both keys in the message', async () => {
    await setup();
    const other = generateWireGuardKeyPair().publicKey;
    const { code, out } = await fromWg(conf({ peer: other }));
    expect(code).toBe(2);
    expect(out.errors[0]).toBe(`client.conf, line 7: the peer's key is ${other}, but the organisation's firewall (org.json) has ${office}. This configuration belongs to another server.`);
    await expect(stat(join(dir, 'users', 'anna-schmidt.payload.json'))).rejects.toThrow();
  });

  it('a peer at another endpoint, even with the right key', async () => {
    await setup();
    const { code, out } = await fromWg(conf({ endpoint: 'vpn.someone-else.example:51820' }));
    expect(code).toBe(2);
    expect(out.errors[0]).toMatch(/^client\.conf, line 8: the peer is vpn\.someone-else\.example:51820, but .* is vpn\.buero-mueller\.example:51820/);
  });

  it('a key already issued to another employee', async () => {
    await setup();
    expect((await fromWg(conf())).code).toBe(0);
    const { code, out } = await fromWg(conf({ address: '10.99.0.21/32' }), 'Bernd Bauer', 'bernd.conf');
    expect(code).toBe(2);
    expect(out.errors[0]).toBe('bernd.conf, line 2: this key was already issued to Anna Schmidt. Every employee needs their own.');
  });

  it('an address already given to another employee (also one add-user handed out)', async () => {
    await setup();
    expect(await adminCommand(['--org-dir', dir, 'add-user', 'Carla Chef', '--role', 'staff'], io())).toBe(0);
    const { code, out } = await fromWg(conf({ address: '10.99.0.2' }));
    expect(code).toBe(2);
    expect(out.errors[0]).toBe('client.conf, line 3: the address 10.99.0.2/32 is already given to Carla Chef.');
  });

  it('a file over 64 KiB, saying the limit', async () => {
    await setup();
    const { code, out } = await fromWg(`${conf()}\n${'# padding\n'.repeat(7000)}`);
    expect(code).toBe(2);
    expect(out.errors[0]).toContain('client.conf is larger than 65536 bytes');
  });

  it('a broken line, a key that is not a key, a section WireGuard does not have', async () => {
    await setup();
    expect((await fromWg(conf({ extra: 'this is not an entry' }))).out.errors[0]).toBe('client.conf, line 5: this line is not WireGuard configuration.');
    expect((await fromWg(conf({ key: 'not-a-key' }))).out.errors[0]).toContain('client.conf, line 2: "PrivateKey" is not a WireGuard key');
    expect((await fromWg(conf({ extra: '[Wireguard]' }))).out.errors[0]).toContain('client.conf, line 5: WireGuard has no section [Wireguard]');
    expect((await fromWg(conf({ extra: 'Table = 1234' }))).out.errors[0]).toMatch(/^client\.conf, line 5: "Table" is refused/);
    expect((await fromWg(conf({ extra: 'FwMark = 51820' }))).out.errors[0]).toMatch(/^client\.conf, line 5: "FwMark" is refused/);
  });

  it('a missing entry, naming the section\'s line', () => {
    const err = (() => {
      try {
        parseWgConfig('[Interface]\nAddress = 10.99.0.5/32\n[Peer]\nPublicKey = x\nEndpoint = a.example:1\nAllowedIPs = 10.77.0.0/24\n', 'a.conf');
      } catch (e) {
        return e as UserError;
      }
      return null;
    })();
    expect(err?.message).toBe('a.conf, line 1: the entry "PrivateKey" is missing in this section.');
  });
});
