import { describe, expect, it } from 'vitest';
import { linuxTunnel } from '../../../src/helper/platform/linux';
import { renderWgConfig } from '../../../src/helper/wg-config';
import { parseWgDump } from '../../../src/helper/tunnel-service';
import { renderResolvConf } from '../../../src/helper/platform/dns-linux';
import { validSpec } from './fixtures';

describe('linux tunnel plan', () => {
  const paths = { stateDir: '/run/homeoffice-connect/tunnels' };
  it('writes a root-only config and runs wg-quick up on it, with exact argv', () => {
    const steps = linuxTunnel.planUp(validSpec(), paths);
    expect(steps).toEqual([
      { kind: 'write-file', path: '/run/homeoffice-connect/tunnels/hoc0.conf', content: renderWgConfig(validSpec(), { includeDns: false }), mode: 0o600 },
      { kind: 'run', argv: ['wg-quick', 'up', '/run/homeoffice-connect/tunnels/hoc0.conf'] },
    ]);
  });
  it('takes the tunnel down and removes the config', () => {
    expect(linuxTunnel.planDown(paths)).toEqual([
      { kind: 'run', argv: ['wg-quick', 'down', '/run/homeoffice-connect/tunnels/hoc0.conf'] },
      { kind: 'remove-file', path: '/run/homeoffice-connect/tunnels/hoc0.conf' },
    ]);
    expect(linuxTunnel.statusArgv()).toEqual(['wg', 'show', 'hoc0', 'dump']);
  });
  it('refuses a hostile spec before planning anything', () => {
    const spec = { ...validSpec(), privateKey: 'x\nPostUp = id' };
    expect(() => linuxTunnel.planUp(spec, paths)).toThrow();
  });
});

describe('rendered WireGuard config', () => {
  it('contains exactly the interface and peer lines, never a hook or routing-table key', () => {
    const text = renderWgConfig(validSpec(), { includeDns: false });
    expect(text).toBe(
      [
        '[Interface]',
        'PrivateKey = yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=',
        'Address = 10.99.0.2/32',
        'MTU = 1380',
        '',
        '[Peer]',
        'PublicKey = xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=',
        'PresharedKey = FpCyhws9cxwWoV4xELtfJvjJN+zQVRPISllRWgeopVE=',
        'Endpoint = vpn.buero-mueller.example:51820',
        'AllowedIPs = 10.77.0.0/24, 10.99.0.0/24',
        'PersistentKeepalive = 25',
        '',
      ].join('\n'),
    );
    expect(text).not.toMatch(/PreUp|PostUp|PreDown|PostDown|SaveConfig|Table|FwMark/);
  });
  it('adds DNS only when the platform applies it from the config', () => {
    expect(renderWgConfig(validSpec(), { includeDns: true })).toContain('DNS = 10.77.0.1, buero.local\n');
  });
});

describe('helper status and DNS helpers', () => {
  it('reads handshake, traffic and endpoint from wg show dump and leaves keys out', () => {
    const dump = 'PRIV\tPUB\t0\toff\nPEERPUB\tPSK\t100.64.3.10:51820\t10.77.0.0/24,10.99.0.0/24\t1764300000\t1234\t5678\t25\n';
    const s = parseWgDump(dump, { ownerUid: 1000, since: '2026-11-28T08:00:00.000Z', addresses: ['10.99.0.2/32'] });
    expect(s).toEqual({
      state: 'up', interface: 'hoc0', addresses: ['10.99.0.2/32'], endpoint: '100.64.3.10:51820',
      latestHandshake: 1764300000, rxBytes: 1234, txBytes: 5678, ownerUid: 1000, since: '2026-11-28T08:00:00.000Z',
    });
    expect(JSON.stringify(s)).not.toMatch(/PRIV|PSK|PEERPUB/);
    expect(parseWgDump('P\tQ\t0\toff\nX\t(none)\t(none)\t10.0.0.0/8\t0\t0\t0\toff', null).latestHandshake).toBeNull();
  });
  it('puts the office DNS first and keeps the previous servers as fallback', () => {
    const text = renderResolvConf({ servers: ['10.77.0.1'], searchDomains: ['buero.local'] }, 'nameserver 100.64.3.53\nsearch home.arpa\n');
    expect(text.split('\n').slice(1, 4)).toEqual(['nameserver 10.77.0.1', 'nameserver 100.64.3.53', 'search buero.local']);
  });
});
