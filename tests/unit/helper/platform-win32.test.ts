/**
 * The Windows plan cannot run on Linux, so these tests pin it exactly: every
 * file path, every config line and every argv element. No mocks: the planner
 * is pure and returns data.
 */
import { describe, expect, it } from 'vitest';
import type { TunnelSpec } from '../../../src/shared/helper-protocol';
import { UserError } from '../../../src/shared/errors';
import { createWin32Tunnel, win32Tunnel } from '../../../src/helper/platform/win32';

const PRIVATE_KEY = 'cV3ISTw2V5pbEWmVEA9jXjVy/fhwPnCO8aCNlDs2d04=';
const PUBLIC_KEY = '76HzdddhlPpRo1Vql+ZB5haF+RTURpedpQpVGkMz/9c=';
const PRESHARED_KEY = 'Iz7fpYyEhHcS6RFXJTOQfcRnccKvAizqB2a0ItRPMeU=';

const spec: TunnelSpec = {
  addresses: ['10.80.0.7/32'],
  privateKey: PRIVATE_KEY,
  mtu: 1420,
  dns: { servers: ['10.80.0.1'], searchDomains: ['buero.example.de'] },
  peer: {
    publicKey: PUBLIC_KEY,
    presharedKey: PRESHARED_KEY,
    endpoint: 'vpn.example.de:51820',
    allowedIPs: ['10.80.0.0/24', '192.168.10.0/24'],
    persistentKeepalive: 25,
  },
};

const minimalSpec: TunnelSpec = {
  addresses: ['10.80.0.8/32'],
  privateKey: PRIVATE_KEY,
  mtu: 1280,
  dns: { servers: [], searchDomains: [] },
  peer: { publicKey: PUBLIC_KEY, endpoint: '203.0.113.5:51820', allowedIPs: ['10.80.0.0/24'], persistentKeepalive: 0 },
};

const paths = { stateDir: 'C:\\ProgramData\\HomeOffice Connect\\tunnels' };
const CONFIG = 'C:\\ProgramData\\HomeOffice Connect\\tunnels\\hoc0.conf';
const WIREGUARD = 'C:\\Program Files\\WireGuard\\wireguard.exe';

const FORBIDDEN_KEYS = /^\s*(PreUp|PostUp|PreDown|PostDown|SaveConfig|Table|FwMark)\s*=/im;
const ALLOWED_LINE = /^(\[Interface\]|\[Peer\]|(PrivateKey|Address|MTU|PublicKey|PresharedKey|Endpoint|AllowedIPs|PersistentKeepalive) = [^\n]+|)$/;

function configOf(s: TunnelSpec): string {
  const step = win32Tunnel.planUp(s, paths)[0];
  if (step?.kind !== 'write-file') throw new Error('first step must write the config');
  return step.content;
}

describe('win32 tunnel plan', () => {
  it('win32 (plan only, cannot run on Linux): up installs the tunnel service from the rendered config, without a DNS line (split DNS is NRPT)', () => {
    expect(win32Tunnel.planUp(spec, paths)).toEqual([
      {
        kind: 'write-file',
        path: CONFIG,
        content: [
          '[Interface]',
          `PrivateKey = ${PRIVATE_KEY}`,
          'Address = 10.80.0.7/32',
          'MTU = 1420',
          '',
          '[Peer]',
          `PublicKey = ${PUBLIC_KEY}`,
          `PresharedKey = ${PRESHARED_KEY}`,
          'Endpoint = vpn.example.de:51820',
          'AllowedIPs = 10.80.0.0/24, 192.168.10.0/24',
          'PersistentKeepalive = 25',
          '',
        ].join('\n'),
        mode: 0o600,
      },
      { kind: 'run', argv: [WIREGUARD, '/installtunnelservice', CONFIG] },
    ]);
  });

  it('win32 (plan only, cannot run on Linux): down uninstalls the service by tunnel name, then deletes the config with the key', () => {
    expect(win32Tunnel.planDown(paths)).toEqual([
      { kind: 'run', argv: [WIREGUARD, '/uninstalltunnelservice', 'hoc0'] },
      { kind: 'remove-file', path: CONFIG },
    ]);
  });

  it('win32 (plan only, cannot run on Linux): status reads the tunnel with wg.exe dump', () => {
    expect(win32Tunnel.statusArgv()).toEqual(['C:\\Program Files\\WireGuard\\wg.exe', 'show', 'hoc0', 'dump']);
  });

  it('win32 (plan only, cannot run on Linux): the config file is named after the tunnel so the service is WireGuardTunnel$hoc0', () => {
    expect(win32Tunnel.os).toBe('win32');
    expect(win32Tunnel.configPath(paths)).toBe(CONFIG);
  });

  it('win32 (plan only, cannot run on Linux): uses the install paths it is given', () => {
    const planner = createWin32Tunnel({ wireguardExe: 'D:\\Apps\\WireGuard\\wireguard.exe', wgExe: 'D:\\Apps\\WireGuard\\wg.exe' });
    const other = { stateDir: 'D:\\State\\tunnels' };
    expect(planner.planUp(minimalSpec, other)[1]).toEqual({
      kind: 'run',
      argv: ['D:\\Apps\\WireGuard\\wireguard.exe', '/installtunnelservice', 'D:\\State\\tunnels\\hoc0.conf'],
    });
    expect(planner.planDown(other)[0]).toEqual({ kind: 'run', argv: ['D:\\Apps\\WireGuard\\wireguard.exe', '/uninstalltunnelservice', 'hoc0'] });
    expect(planner.statusArgv()).toEqual(['D:\\Apps\\WireGuard\\wg.exe', 'show', 'hoc0', 'dump']);
  });

  it('win32 (plan only, cannot run on Linux): refuses relative or UNC tool paths and state dirs', () => {
    expect(() => createWin32Tunnel({ wireguardExe: 'wireguard.exe' })).toThrow(/absolute/);
    expect(() => createWin32Tunnel({ wgExe: '\\\\server\\share\\wg.exe' })).toThrow(/absolute/);
    expect(() => win32Tunnel.planDown({ stateDir: 'tunnels' })).toThrow(/absolute/);
  });

  it('win32 (plan only, cannot run on Linux): a profile without DNS renders the same lines', () => {
    expect(configOf(minimalSpec)).toBe(
      [
        '[Interface]',
        `PrivateKey = ${PRIVATE_KEY}`,
        'Address = 10.80.0.8/32',
        'MTU = 1280',
        '',
        '[Peer]',
        `PublicKey = ${PUBLIC_KEY}`,
        'Endpoint = 203.0.113.5:51820',
        'AllowedIPs = 10.80.0.0/24',
        '',
      ].join('\n'),
    );
  });

  it.each([
    ['a private key with a newline and a PostUp line', { ...spec, privateKey: `${PRIVATE_KEY}\nPostUp = calc.exe` }],
    ['an endpoint with a quote and a command', { ...spec, peer: { ...spec.peer, endpoint: 'vpn.example.de:51820"; calc.exe' } }],
    ['an endpoint with a newline and a PreUp line', { ...spec, peer: { ...spec.peer, endpoint: 'vpn.example.de:51820\nPreUp = calc.exe' } }],
    ['a search domain with a newline and a Table line', { ...spec, dns: { ...spec.dns, searchDomains: ['buero.example.de\nTable = off'] } }],
    ['an address with a newline and a FwMark line', { ...spec, addresses: ['10.80.0.7/32\nFwMark = 51820'] }],
    ['an unknown field that names a hook', { ...spec, postUp: 'calc.exe' }],
    ['a default route that would take all traffic', { ...spec, peer: { ...spec.peer, allowedIPs: ['0.0.0.0/0'] } }],
  ])('win32 (plan only, cannot run on Linux): refuses a hostile spec before building any step: %s', (_name, hostile) => {
    let plan: unknown = 'not built';
    let error: unknown;
    try {
      plan = win32Tunnel.planUp(hostile as TunnelSpec, paths);
    } catch (err) {
      error = err;
    }
    expect(plan).toBe('not built');
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).code).toBe('error.helper.badRequest');
    expect((error as UserError).message).not.toMatch(/calc\.exe|Table|FwMark/);
  });

  it('win32 (plan only, cannot run on Linux): no rendered config ever contains PreUp/PostUp/PreDown/PostDown/SaveConfig/Table/FwMark', () => {
    for (const s of [spec, minimalSpec]) {
      const config = configOf(s);
      expect(config).not.toMatch(FORBIDDEN_KEYS);
      for (const line of config.split('\n')) expect(line).toMatch(ALLOWED_LINE);
    }
  });
});
