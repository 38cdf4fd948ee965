import { describe, expect, it } from 'vitest';
import { HelperReplySchema, HelperRequestSchema, TunnelSpecSchema } from '../../../src/shared/helper-protocol';
import { validSpec } from './fixtures';

const up = (org: unknown) => ({ v: 1, id: 1, cmd: 'tunnel.up', org });

describe('helper protocol validation', () => {
  it('accepts a well-formed tunnel.up, tunnel.down and tunnel.status', () => {
    expect(HelperRequestSchema.safeParse(up('buero-mueller')).success).toBe(true);
    expect(HelperRequestSchema.safeParse({ v: 1, id: 2, cmd: 'tunnel.down' }).success).toBe(true);
    expect(HelperRequestSchema.safeParse({ v: 1, id: 3, cmd: 'tunnel.status' }).success).toBe(true);
  });
  it('has no command that runs something the caller supplies', () => {
    for (const cmd of ['exec', 'run', 'shell', 'tunnel.exec']) {
      expect(HelperRequestSchema.safeParse({ v: 1, id: 1, cmd, argv: ['id'] }).success).toBe(false);
    }
  });
  it('carries no tunnel content: tunnel.up names an installed profile by a plain org id', () => {
    expect(HelperRequestSchema.safeParse({ v: 1, id: 1, cmd: 'tunnel.up', spec: validSpec() }).success).toBe(false);
    expect(HelperRequestSchema.safeParse({ ...up('buero-mueller'), spec: validSpec() }).success).toBe(false);
    for (const org of ['../etc', 'Buero', '', 'a'.repeat(64), 'x\ny']) expect(HelperRequestSchema.safeParse(up(org)).success, org).toBe(false);
  });
  it('refuses unknown fields at every level, including a PostUp smuggled into the spec', () => {
    expect(HelperRequestSchema.safeParse({ ...up('buero-mueller'), extra: 1 }).success).toBe(false);
    expect(TunnelSpecSchema.safeParse({ ...validSpec(), postUp: 'touch /tmp/pwned' }).success).toBe(false);
    expect(TunnelSpecSchema.safeParse({ ...validSpec(), peer: { ...validSpec().peer, PostUp: 'x' } }).success).toBe(false);
    const proto = JSON.parse('{"v":1,"id":1,"cmd":"tunnel.status","__proto__":{"admin":true}}');
    expect(HelperRequestSchema.safeParse(proto).success).toBe(false);
  });
  it('refuses values that could break out of the rendered config', () => {
    const s = validSpec();
    const bad = [
      { ...s, privateKey: `${s.privateKey}\nPostUp = id` },
      { ...s, addresses: ['10.99.0.2/32\n[Interface]'] },
      { ...s, dns: { servers: ['10.77.0.1; rm -rf /'], searchDomains: [] } },
      { ...s, dns: { servers: [], searchDomains: ['buero.local\nPostUp=id'] } },
      { ...s, peer: { ...s.peer, endpoint: 'vpn.example:51820\nPostUp = id' } },
      { ...s, peer: { ...s.peer, allowedIPs: ['0.0.0.0/0'] } },
      { ...s, peer: { ...s.peer, allowedIPs: ['::/0'] } },
      { ...s, mtu: 9000 },
      { ...s, peer: { ...s.peer, persistentKeepalive: -1 } },
      { ...s, addresses: [] },
      // The shared tunnel rules (tests/unit/shared/tunnel-rules.test.ts), checked again on every spec.
      { ...s, peer: { ...s.peer, allowedIPs: ['0.0.0.0/1', '128.0.0.0/1', '::/1', '8000::/1'] } },
      { ...s, addresses: ['127.0.0.2/8'] },
      { ...s, dns: { servers: ['127.0.0.1'], searchDomains: [] } },
      { ...s, dns: { servers: ['10.78.0.1'], searchDomains: [] } },
      { ...s, peer: { ...s.peer, endpoint: 'localhost:1' } },
    ];
    for (const spec of bad) expect(TunnelSpecSchema.safeParse(spec).success, JSON.stringify(spec)).toBe(false);
  });
  it('validates replies and keeps keys out of the status shape', () => {
    const ok = { v: 1, id: 1, ok: true, result: { state: 'down' } };
    expect(HelperReplySchema.safeParse(ok).success).toBe(true);
    const leaky = {
      v: 1, id: 1, ok: true,
      result: { state: 'up', interface: 'hoc0', addresses: [], endpoint: null, latestHandshake: null, rxBytes: 0, txBytes: 0, ownerUid: 1000, since: 'x', privateKey: 'k' },
    };
    expect(HelperReplySchema.safeParse(leaky).success).toBe(false);
  });
});
