/**
 * tunnel: how fresh the last WireGuard handshake is (from the status the
 * caller passes in), and whether large packets make it through.
 */
import { isIP } from 'node:net';
import type { Probe, Verdict } from './types';
import { measureMtu, MTU_FLOOR } from './mtu';
import { ok, problem } from './verdict';

/** A handshake older than this means the office has stopped answering (WireGuard rekeys every 2 min). */
export const STALE_HANDSHAKE_S = 180;

/** The tunnel check: handshake age, then the MTU measurement. */
export function probeTunnel(now: () => number = Date.now): Probe {
  return async (ctx) => {
    const started = Date.now();
    const status = ctx.tunnelStatus;
    let seconds: number | null = null;
    if (status?.state === 'down') return problem('fail', 'check.tunnel.down', {}, 'check.next.reconnect', { detail: 'helper reports the tunnel down' });
    if (status?.state === 'up') {
      if (status.latestHandshake === null)
        return problem('fail', 'check.tunnel.noHandshake', {}, 'check.next.checkInternet', { detail: 'no handshake yet' });
      seconds = Math.max(0, Math.round(now() / 1000 - status.latestHandshake));
    }
    const stale: Verdict | null =
      seconds !== null && seconds > STALE_HANDSHAKE_S
        ? problem('warn', 'check.tunnel.stale', { seconds }, 'check.next.reconnect', { detail: `handshake ${seconds} s ago` })
        : null;

    const server = ctx.officeDns.servers.find((s) => isIP(s) !== 0);
    const mtu = ctx.tunnelMtu;
    if (!server) return stale ?? (seconds !== null ? ok('check.tunnel.handshakeOk', { seconds }, 'no office DNS server to measure the MTU with') : problem('warn', 'check.tunnel.unmeasured', { server: '-' }, 'check.next.tellSupport'));
    ctx.phase('reply');
    const measured = await measureMtu({
      server,
      port: ctx.officeDns.port,
      name: ctx.companyName,
      mtu,
      budgetMs: ctx.timeoutMs * 0.85 - (Date.now() - started),
      signal: ctx.signal,
    });
    const detail = `${seconds !== null ? `handshake ${seconds} s ago; ` : ''}MTU ${mtu}: ${measured.detail}`;
    const largest = measured.kind === 'measured' ? measured.largest : undefined;
    if (largest === null) return problem('fail', 'check.tunnel.mtuTooSmall', { size: MTU_FLOOR, mtu }, 'check.next.callSupport', { detail });
    if (largest !== undefined && largest < mtu)
      return problem('warn', 'check.tunnel.mtuLimited', { largest, mtu, recommended: largest }, 'check.next.setMtu', {
        detail,
        nextParams: { recommended: largest },
      });
    if (stale) return { ...stale, detail };
    if (measured.kind === 'serverLimit') return ok('check.tunnel.mtuPartly', { largest: measured.largest, mtu }, detail);
    if (measured.kind === 'unmeasured') {
      return seconds !== null
        ? ok('check.tunnel.handshakeOk', { seconds }, detail)
        : problem('warn', 'check.tunnel.unmeasured', { server }, 'check.next.fixDnsFirst', { detail });
    }
    return seconds !== null ? ok('check.tunnel.ok', { seconds, mtu }, detail) : ok('check.tunnel.mtuOk', { mtu }, detail);
  };
}
