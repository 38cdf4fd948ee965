/** The built-in checks: DNS (this computer vs the office DNS) and the tunnel (handshake age, MTU). */
import { describe, expect, it } from 'vitest';
import { runChecks, type CheckProfile } from '../../../src/core/checks';
import type { TunnelStatus } from '../../../src/shared/helper-protocol';
import { dnsAnswer } from './fixtures';
import { profileWith, udpServer } from './servers';

const TIMEOUT = 1500;

/** A fake office DNS: answers `address` for every name, dropping queries whose IP packet exceeds `maxPacket`. */
/** Every IP packet size the stand-in office DNS server received. */
const seenSizes: number[] = [];

function officeDns(address: string | null, maxPacket = Infinity): Promise<number> {
  return udpServer((msg, reply) => {
    seenSizes.push(msg.length + 28);
    if (msg.length + 28 > maxPacket) return;
    reply(dnsAnswer(msg, address));
  });
}

function profile(domain: string, mtu = 1380): CheckProfile {
  return profileWith([], { org: { domain }, tunnel: { mtu, dns: { servers: ['127.0.0.1'] } } });
}

async function builtin(id: 'dns' | 'tunnel', p: CheckProfile, port: number, tunnelStatus?: TunnelStatus) {
  const results = await runChecks(p, { timeoutMs: TIMEOUT, officeDnsPort: port, ...(tunnelStatus ? { tunnelStatus } : {}) });
  const r = results.find((x) => x.id === id);
  if (!r) throw new Error(`no ${id} result`);
  return r;
}

const up = (latestHandshake: number | null): TunnelStatus => ({
  state: 'up',
  interface: 'hoc0',
  addresses: ['10.99.0.2/32'],
  endpoint: '100.64.3.10:51820',
  latestHandshake,
  rxBytes: 1,
  txBytes: 1,
  ownerUid: 1000,
  since: new Date().toISOString(),
});

describe('dns check', () => {
  it('is ok when this computer and the office DNS agree', async () => {
    const port = await officeDns('127.0.0.1');
    expect(await builtin('dns', profile('localhost'), port)).toMatchObject({ status: 'ok', message: { code: 'check.dns.ok', params: { name: 'localhost', address: '127.0.0.1' } } });
  });

  it('blames this computer when the office DNS knows the name but the system resolver does not', async () => {
    const port = await officeDns('10.77.0.10');
    const r = await builtin('dns', profile('hoc-test.invalid'), port);
    expect(r).toMatchObject({ status: 'fail', message: { code: 'check.dns.localConfig' }, nextStep: { code: 'check.next.reconnect' } });
  });

  it('says the office DNS is down when it does not answer, distinct from a dead server', async () => {
    const port = await udpServer(); // swallows every query
    const r = await builtin('dns', profile('hoc-test.invalid'), port);
    expect(r).toMatchObject({ status: 'fail', message: { code: 'check.dns.officeDown', params: { server: '127.0.0.1' } }, supportPhone: '+49 621 1234567' });
  });

  it('says the office DNS does not know the name', async () => {
    const port = await officeDns(null);
    expect(await builtin('dns', profile('hoc-test.invalid'), port)).toMatchObject({ status: 'fail', message: { code: 'check.dns.notFound' } });
  });

  it('warns when this computer finds the name somewhere else than the office DNS', async () => {
    const port = await officeDns('10.77.0.10');
    expect(await builtin('dns', profile('localhost'), port)).toMatchObject({
      status: 'warn',
      message: { code: 'check.dns.mismatch', params: { address: '127.0.0.1', officeAddress: '10.77.0.10' } },
    });
  });

  it('checks a dns service from the profile by asking that server', async () => {
    const port = await officeDns('10.77.0.10');
    const [r] = await runChecks(profileWith([{ id: 'ns', label: 'Namensdienst', kind: 'dns', host: '127.0.0.1', port }]), { builtins: false, timeoutMs: TIMEOUT });
    expect(r).toMatchObject({ status: 'ok', message: { code: 'check.dns.serverOk', params: { address: '10.77.0.10' } } });
  });
});

describe('tunnel check', () => {
  const now = () => Math.floor(Date.now() / 1000);

  it('is ok with a fresh handshake and all packet sizes answered', async () => {
    const port = await officeDns('10.77.0.10');
    const r = await builtin('tunnel', profile('buero.test'), port, up(now() - 5));
    expect(r).toMatchObject({ status: 'ok', message: { code: 'check.tunnel.ok', params: { mtu: 1380 } } });
    expect(r.message.params.seconds).toBeLessThan(10);
  });

  it('finds the largest packet that gets through and recommends it as the MTU', async () => {
    const port = await officeDns('10.77.0.10', 1300);
    const r = await builtin('tunnel', profile('buero.test'), port, up(now()));
    expect(r).toMatchObject({
      status: 'warn',
      message: { code: 'check.tunnel.mtuLimited', params: { largest: 1300, mtu: 1380 } },
      nextStep: { code: 'check.next.setMtu', params: { recommended: 1300 } },
      supportPhone: '+49 621 1234567',
    });
  });

  it('fails when even 1200-byte packets vanish but small ones arrive', async () => {
    const port = await officeDns('10.77.0.10', 1100);
    expect(await builtin('tunnel', profile('buero.test'), port)).toMatchObject({ status: 'fail', message: { code: 'check.tunnel.mtuTooSmall', params: { size: 1200 } } });
  });

  it('does not blame the tunnel for a DNS server that accepts at most 1232-byte queries', async () => {
    const port = await officeDns('10.77.0.10', 1232 + 28);
    seenSizes.length = 0;
    expect(await builtin('tunnel', profile('buero.test'), port, up(now()))).toMatchObject({ status: 'ok', message: { code: 'check.tunnel.mtuPartly', params: { largest: 1260 } } });
    // The server's own limit is known: no narrowing round between 1260 and the next size tried (1264).
    expect(seenSizes.filter((n) => n > 1260 && n < 1264)).toEqual([]);
  });

  it('reports a tunnel that is down, never had a handshake, or went stale', async () => {
    const port = await officeDns('10.77.0.10');
    expect(await builtin('tunnel', profile('buero.test'), port, { state: 'down' })).toMatchObject({ status: 'fail', message: { code: 'check.tunnel.down' } });
    expect(await builtin('tunnel', profile('buero.test'), port, up(null))).toMatchObject({ status: 'fail', message: { code: 'check.tunnel.noHandshake' } });
    expect(await builtin('tunnel', profile('buero.test'), port, up(now() - 600))).toMatchObject({ status: 'warn', message: { code: 'check.tunnel.stale' } });
  });

  it('says the packet size could not be measured when the office DNS is silent', async () => {
    const port = await udpServer();
    const r = await builtin('tunnel', profile('buero.test'), port);
    expect(r).toMatchObject({ status: 'warn', message: { code: 'check.tunnel.unmeasured' } });
    expect(r.latencyMs).toBeLessThan(TIMEOUT);
  });
});
