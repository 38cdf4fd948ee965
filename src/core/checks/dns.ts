/**
 * dns: the company name through this computer's resolver and, separately,
 * straight from the office DNS server through the tunnel — so "this
 * computer's DNS setting is wrong" is told apart from "the office DNS is down".
 */
import { lookup, Resolver } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { Probe } from './types';
import { ok, problem } from './verdict';

export type Answer = { kind: 'found'; addresses: string[] } | { kind: 'unknown'; code: string } | { kind: 'down'; code: string } | { kind: 'pending' };

const UNKNOWN_NAME = new Set(['ENOTFOUND', 'ENODATA', 'EAI_NONAME', 'ENONAME']);

function codeOf(err: unknown): string {
  return String((err as { code?: unknown })?.code ?? 'ERROR');
}

function serverSpec(server: string, port: number): string {
  return isIP(server) === 6 ? `[${server}]:${port}` : `${server}:${port}`;
}

/**
 * Asks DNS servers directly (not the system resolver), within `timeoutMs`.
 * c-ares takes about twice its per-try timeout before giving up, hence the
 * half, and a timer that cancels the query in any case.
 */
export async function askServer(servers: readonly string[], port: number, name: string, timeoutMs: number, signal: AbortSignal): Promise<Answer> {
  const resolver = new Resolver({ timeout: Math.max(50, Math.floor(timeoutMs / 2)), tries: 1 });
  resolver.setServers(servers.map((s) => serverSpec(s, port)));
  const cancel = () => resolver.cancel();
  const timer = setTimeout(cancel, timeoutMs);
  signal.addEventListener('abort', cancel, { once: true });
  try {
    return { kind: 'found', addresses: await resolver.resolve4(name) };
  } catch (err) {
    const code = codeOf(err);
    return UNKNOWN_NAME.has(code) ? { kind: 'unknown', code } : { kind: 'down', code };
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', cancel);
  }
}

/** The system resolver's answer, or `pending` when it does not come by `waitMs` (it cannot be cancelled). */
async function askSystem(name: string, waitMs: number): Promise<Answer> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<Answer>((resolve) => (timer = setTimeout(() => resolve({ kind: 'pending' }), waitMs)));
  const answer = lookup(name, { family: 4 }).then(
    (r): Answer => ({ kind: 'found', addresses: [r.address] }),
    (err: unknown): Answer => (UNKNOWN_NAME.has(codeOf(err)) ? { kind: 'unknown', code: codeOf(err) } : { kind: 'down', code: codeOf(err) }),
  );
  try {
    return await Promise.race([answer, late]);
  } finally {
    clearTimeout(timer);
  }
}

function describe(a: Answer): string {
  return a.kind === 'found' ? a.addresses.join(',') : a.kind === 'pending' ? 'no answer' : a.code;
}

/** The built-in DNS check: system resolver and office DNS for the company name. */
export function probeCompanyDns(): Probe {
  return async (ctx) => {
    const name = ctx.companyName;
    const servers = ctx.officeDns.servers;
    const server = servers.join(', ') || '-';
    ctx.phase('reply');
    const [system, office] = await Promise.all([
      askSystem(name, ctx.timeoutMs * 0.8),
      servers.length ? askServer(servers, ctx.officeDns.port, name, ctx.timeoutMs * 0.6, ctx.signal) : Promise.resolve<Answer>({ kind: 'pending' }),
    ]);
    const detail = `system: ${describe(system)}; office DNS ${server}: ${servers.length ? describe(office) : 'not in profile'}`;
    const sys = system.kind === 'found' ? system.addresses[0] ?? '' : null;
    if (!servers.length) {
      return sys
        ? ok('check.dns.okSystemOnly', { name, address: sys }, detail)
        : problem('fail', 'check.common.nameUnresolved', { label: ctx.label, host: name }, 'check.next.reconnect', { detail });
    }
    if (office.kind === 'found') {
      if (sys && office.addresses.includes(sys)) return ok('check.dns.ok', { name, address: sys }, detail);
      if (sys)
        return problem('warn', 'check.dns.mismatch', { name, address: sys, officeAddress: office.addresses.join(', ') }, 'check.next.reconnect', { detail });
      return problem('fail', 'check.dns.localConfig', { name }, 'check.next.reconnect', { detail });
    }
    if (office.kind === 'unknown') {
      if (sys) return problem('warn', 'check.dns.mismatch', { name, address: sys, officeAddress: '–' }, 'check.next.tellSupport', { detail });
      return problem('fail', 'check.dns.notFound', { name }, 'check.next.callSupport', { detail });
    }
    // The office DNS did not answer; names that still resolve come from elsewhere (a cache, hosts file).
    return problem(sys ? 'warn' : 'fail', 'check.dns.officeDown', { server }, sys ? 'check.next.tellSupport' : 'check.next.callSupport', { detail });
  };
}

/** A `dns` service from the profile: its host is a DNS server, asked for the company name. */
export function probeDnsServer(host: string, port: number): Probe {
  return async (ctx) => {
    const address = await ctx.resolve(host);
    ctx.phase('reply');
    const server = port === 53 ? host : `${host}:${port}`;
    const answer = await askServer([address], port, ctx.companyName, ctx.timeoutMs * 0.8, ctx.signal);
    const detail = `${server}: ${describe(answer)}`;
    if (answer.kind === 'found')
      return ok('check.dns.serverOk', { label: ctx.label, server, name: ctx.companyName, address: answer.addresses[0] ?? '' }, detail);
    if (answer.kind === 'unknown') return problem('fail', 'check.dns.notFound', { name: ctx.companyName }, 'check.next.callSupport', { detail });
    return problem('fail', 'check.dns.officeDown', { server }, 'check.next.callSupport', { detail });
  };
}
