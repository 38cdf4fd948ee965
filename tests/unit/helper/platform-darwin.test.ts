/**
 * The macOS plan cannot run on Linux, so these tests pin it exactly: every
 * file path, every config line and every argv element. No mocks: the planner
 * is pure and returns data.
 */
import { describe, expect, it } from 'vitest';
import type { TunnelSpec } from '../../../src/shared/helper-protocol';
import { UserError } from '../../../src/shared/errors';
import {
  createDarwinTunnel,
  darwinTunnel,
  DARWIN_INTERFACE_NAME_FILE,
  parseInterfaceNameFile,
  selectInterfaceDump,
} from '../../../src/helper/platform/darwin';

const PRIVATE_KEY = 'cV3ISTw2V5pbEWmVEA9jXjVy/fhwPnCO8aCNlDs2d04=';
const PUBLIC_KEY = '76HzdddhlPpRo1Vql+ZB5haF+RTURpedpQpVGkMz/9c=';
const PRESHARED_KEY = 'Iz7fpYyEhHcS6RFXJTOQfcRnccKvAizqB2a0ItRPMeU=';

const spec: TunnelSpec = {
  addresses: ['10.80.0.7/32', 'fd00:80::7/128'],
  privateKey: PRIVATE_KEY,
  mtu: 1420,
  dns: { servers: ['10.80.0.1', 'fd00:80::1'], searchDomains: ['buero.example.de'] },
  peer: {
    publicKey: PUBLIC_KEY,
    presharedKey: PRESHARED_KEY,
    endpoint: 'vpn.example.de:51820',
    allowedIPs: ['10.80.0.0/24', '192.168.10.0/24', 'fd00:80::/64'],
    persistentKeepalive: 25,
  },
};

const minimalSpec: TunnelSpec = {
  addresses: ['10.80.0.8/32'],
  privateKey: PRIVATE_KEY,
  mtu: 1280,
  dns: { servers: [], searchDomains: [] },
  peer: { publicKey: PUBLIC_KEY, endpoint: '[2001:db8::5]:51820', allowedIPs: ['10.80.0.0/24'], persistentKeepalive: 0 },
};

const paths = { stateDir: '/Library/Application Support/HomeOffice Connect/tunnels' };
const CONFIG = '/Library/Application Support/HomeOffice Connect/tunnels/hoc0.conf';
const TOOLS = '/Applications/HomeOffice Connect.app/Contents/Resources/wireguard';
const WG_QUICK_ENV = [
  '/usr/bin/env',
  '-i',
  `PATH=${TOOLS}:/usr/bin:/bin:/usr/sbin:/sbin`,
  `WG_QUICK_USERSPACE_IMPLEMENTATION=${TOOLS}/wireguard-go`,
  `${TOOLS}/bash`,
  `${TOOLS}/wg-quick`,
];

const FORBIDDEN_KEYS = /^\s*(PreUp|PostUp|PreDown|PostDown|SaveConfig|Table|FwMark)\s*=/im;
const ALLOWED_LINE = /^(\[Interface\]|\[Peer\]|(PrivateKey|Address|MTU|PublicKey|PresharedKey|Endpoint|AllowedIPs|PersistentKeepalive) = [^\n]+|)$/;

function configOf(s: TunnelSpec): string {
  const step = darwinTunnel.planUp(s, paths)[0];
  if (step?.kind !== 'write-file') throw new Error('first step must write the config');
  return step.content;
}

describe('darwin tunnel plan', () => {
  it('darwin (plan only, cannot run on Linux): up runs the bundled wg-quick with bash 4 and wireguard-go on the rendered config, without a DNS line (split DNS is /etc/resolver)', () => {
    expect(darwinTunnel.planUp(spec, paths)).toEqual([
      {
        kind: 'write-file',
        path: CONFIG,
        content: [
          '[Interface]',
          `PrivateKey = ${PRIVATE_KEY}`,
          'Address = 10.80.0.7/32, fd00:80::7/128',
          'MTU = 1420',
          '',
          '[Peer]',
          `PublicKey = ${PUBLIC_KEY}`,
          `PresharedKey = ${PRESHARED_KEY}`,
          'Endpoint = vpn.example.de:51820',
          'AllowedIPs = 10.80.0.0/24, 192.168.10.0/24, fd00:80::/64',
          'PersistentKeepalive = 25',
          '',
        ].join('\n'),
        mode: 0o600,
      },
      { kind: 'run', argv: [...WG_QUICK_ENV, 'up', CONFIG] },
    ]);
  });

  it('darwin (plan only, cannot run on Linux): down runs wg-quick down while the config still exists, then deletes it', () => {
    expect(darwinTunnel.planDown(paths)).toEqual([
      { kind: 'run', argv: [...WG_QUICK_ENV, 'down', CONFIG] },
      { kind: 'remove-file', path: CONFIG },
    ]);
  });

  it('darwin (plan only, cannot run on Linux): status dumps all interfaces, because hoc0 is really a utunN', () => {
    expect(darwinTunnel.statusArgv()).toEqual([`${TOOLS}/wg`, 'show', 'all', 'dump']);
    expect(DARWIN_INTERFACE_NAME_FILE).toBe('/var/run/wireguard/hoc0.name');
  });

  it('darwin (plan only, cannot run on Linux): the config file is named after the interface, as wg-quick requires', () => {
    expect(darwinTunnel.os).toBe('darwin');
    expect(darwinTunnel.configPath(paths)).toBe(CONFIG);
  });

  it('darwin (plan only, cannot run on Linux): uses the tool paths it is given', () => {
    const planner = createDarwinTunnel({
      wgQuick: '/opt/hoc/bin/wg-quick',
      wg: '/opt/hoc/bin/wg',
      wireguardGo: '/opt/hoc/libexec/wireguard-go',
      bash: '/opt/hoc/bin/bash',
    });
    const other = { stateDir: '/var/db/hoc' };
    const env = ['/usr/bin/env', '-i', 'PATH=/opt/hoc/bin:/usr/bin:/bin:/usr/sbin:/sbin', 'WG_QUICK_USERSPACE_IMPLEMENTATION=/opt/hoc/libexec/wireguard-go'];
    expect(planner.planUp(minimalSpec, other)[1]).toEqual({
      kind: 'run',
      argv: [...env, '/opt/hoc/bin/bash', '/opt/hoc/bin/wg-quick', 'up', '/var/db/hoc/hoc0.conf'],
    });
    expect(planner.planDown(other)[0]).toEqual({
      kind: 'run',
      argv: [...env, '/opt/hoc/bin/bash', '/opt/hoc/bin/wg-quick', 'down', '/var/db/hoc/hoc0.conf'],
    });
    expect(planner.statusArgv()).toEqual(['/opt/hoc/bin/wg', 'show', 'all', 'dump']);
  });

  it('darwin (plan only, cannot run on Linux): refuses tool paths that are relative, climb with .., or would add a PATH entry', () => {
    expect(() => createDarwinTunnel({ wgQuick: 'wg-quick' })).toThrow(/absolute/);
    expect(() => createDarwinTunnel({ bash: '/opt/homebrew/../tmp/bash' })).toThrow(/absolute/);
    expect(() => createDarwinTunnel({ wg: '/opt/hoc/bin:/tmp/evil/wg' })).toThrow(/absolute/);
    expect(() => darwinTunnel.planDown({ stateDir: 'tunnels' })).toThrow(/absolute/);
  });

  it('darwin (plan only, cannot run on Linux): a profile without DNS renders the same lines, so networksetup is never touched', () => {
    expect(configOf(minimalSpec)).toBe(
      [
        '[Interface]',
        `PrivateKey = ${PRIVATE_KEY}`,
        'Address = 10.80.0.8/32',
        'MTU = 1280',
        '',
        '[Peer]',
        `PublicKey = ${PUBLIC_KEY}`,
        'Endpoint = [2001:db8::5]:51820',
        'AllowedIPs = 10.80.0.0/24',
        '',
      ].join('\n'),
    );
  });

  it.each([
    ['a private key with a newline and a PostUp line', { ...spec, privateKey: `${PRIVATE_KEY}\nPostUp = open -a Calculator` }],
    ['an endpoint with a quote and a command', { ...spec, peer: { ...spec.peer, endpoint: 'vpn.example.de:51820"; calc.exe' } }],
    ['an endpoint with a command substitution', { ...spec, peer: { ...spec.peer, endpoint: '$(touch /tmp/pwned):51820' } }],
    ['a DNS server with a newline and a PreDown line', { ...spec, dns: { ...spec.dns, servers: ['10.80.0.1\nPreDown = rm -rf /'] } }],
    ['an allowed range with a newline and a SaveConfig line', { ...spec, peer: { ...spec.peer, allowedIPs: ['10.80.0.0/24\nSaveConfig = true'] } }],
    ['an unknown field that names a hook', { ...spec, peer: { ...spec.peer, postDown: 'calc.exe' } }],
    ['an MTU that is not a number', { ...spec, mtu: '1420\nTable = off' }],
  ])('darwin (plan only, cannot run on Linux): refuses a hostile spec before building any step: %s', (_name, hostile) => {
    let plan: unknown = 'not built';
    let error: unknown;
    try {
      plan = darwinTunnel.planUp(hostile as unknown as TunnelSpec, paths);
    } catch (err) {
      error = err;
    }
    expect(plan).toBe('not built');
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).code).toBe('error.helper.badRequest');
    expect((error as UserError).message).not.toMatch(/calc\.exe|Calculator|pwned|rm -rf|SaveConfig|Table/);
  });

  it('darwin (plan only, cannot run on Linux): no rendered config ever contains PreUp/PostUp/PreDown/PostDown/SaveConfig/Table/FwMark', () => {
    for (const s of [spec, minimalSpec]) {
      const config = configOf(s);
      expect(config).not.toMatch(FORBIDDEN_KEYS);
      for (const line of config.split('\n')) expect(line).toMatch(ALLOWED_LINE);
    }
  });
});

describe('darwin tunnel status', () => {
  it('reads the utun name wg-quick recorded, and nothing else', () => {
    expect(parseInterfaceNameFile('utun4\n')).toBe('utun4');
    expect(parseInterfaceNameFile('')).toBeNull();
    expect(parseInterfaceNameFile('../../etc/passwd')).toBeNull();
    expect(parseInterfaceNameFile('utun4; rm -rf /')).toBeNull();
  });

  it('turns `wg show all dump` into the dump of our utun only, in `wg show IFACE dump` form', () => {
    const all = [
      'utun3\tOTHERPRIV=\tOTHERPUB=\t51000\toff',
      'utun3\tOTHERPEER=\t(none)\t198.51.100.1:51820\t10.9.0.0/24\t0\t0\t0\toff',
      `utun4\t(hidden)\t${PUBLIC_KEY}\t52000\toff`,
      `utun4\t${PUBLIC_KEY}\t(hidden)\t203.0.113.5:51820\t10.80.0.0/24\t1700000000\t1234\t5678\t25`,
      '',
    ].join('\n');
    expect(selectInterfaceDump(all, 'utun4')).toBe(
      [
        `(hidden)\t${PUBLIC_KEY}\t52000\toff`,
        `${PUBLIC_KEY}\t(hidden)\t203.0.113.5:51820\t10.80.0.0/24\t1700000000\t1234\t5678\t25`,
        '',
      ].join('\n'),
    );
    expect(selectInterfaceDump(all, 'utun1')).toBe('');
    // `utun4` must not match `utun40`.
    expect(selectInterfaceDump('utun40\tx\ty\t1\toff\n', 'utun4')).toBe('');
  });
});
