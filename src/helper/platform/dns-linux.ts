/**
 * Company DNS on Linux while the tunnel is up. With systemd-resolved the
 * interface gets its own servers and routing domains (split DNS, the system
 * stays in charge). Without it, /etc/resolv.conf is rewritten in place (it may
 * be a bind mount, so never replaced by rename) with the office servers first
 * and the previous ones as fallback; the original is restored on down.
 */
import { join } from 'node:path';
import { TUNNEL_INTERFACE } from '../../shared/helper-protocol';
import type { DnsSettings, SystemAccess } from './types';

const MARKER = '# HomeOffice Connect: company DNS while the tunnel is up; restored on disconnect';

export interface LinuxDnsOptions {
  readonly stateDir: string;
  readonly system: SystemAccess;
  readonly resolvConf?: string;
  readonly log: (line: string) => void;
}

async function resolvedActive(system: SystemAccess): Promise<boolean> {
  if (!(await system.exists('/run/systemd/resolve/io.systemd.Resolve'))) return false;
  return (await system.run(['resolvectl', 'status', TUNNEL_INTERFACE], { timeoutMs: 5000 })).exitCode === 0;
}

async function mustRun(system: SystemAccess, argv: readonly string[]): Promise<void> {
  const r = await system.run(argv, { timeoutMs: 10_000 });
  if (r.exitCode !== 0) throw new Error(`${argv.join(' ')} failed: ${r.all.trim()}`);
}

/** Renders resolv.conf: office servers first, previous servers as fallback (glibc reads three). */
export function renderResolvConf(dns: DnsSettings, previous: string): string {
  const old = [...previous.matchAll(/^\s*nameserver\s+(\S+)/gm)].map((m) => m[1] ?? '');
  const servers = [...dns.servers, ...old.filter((s) => !dns.servers.includes(s))].slice(0, 3);
  const lines = [MARKER, ...servers.map((s) => `nameserver ${s}`)];
  if (dns.searchDomains.length) lines.push(`search ${dns.searchDomains.join(' ')}`);
  lines.push('options timeout:2 attempts:2');
  return `${lines.join('\n')}\n`;
}

/** Points name resolution at the office while the tunnel is up. */
export async function applyLinuxDns(dns: DnsSettings, opts: LinuxDnsOptions): Promise<void> {
  if (dns.servers.length === 0) return;
  if (await resolvedActive(opts.system)) {
    opts.log(`resolvectl dns ${TUNNEL_INTERFACE} ${dns.servers.join(' ')}`);
    await mustRun(opts.system, ['resolvectl', 'dns', TUNNEL_INTERFACE, ...dns.servers]);
    const domains = dns.searchDomains.flatMap((d) => [d, `~${d}`]);
    if (domains.length) await mustRun(opts.system, ['resolvectl', 'domain', TUNNEL_INTERFACE, ...domains]);
    return;
  }
  const path = opts.resolvConf ?? '/etc/resolv.conf';
  const backup = join(opts.stateDir, 'resolv.conf.backup');
  const current = (await opts.system.readFile(path)) ?? '';
  // After a crash the file may still hold our content: keep the first backup.
  if (!current.startsWith(MARKER)) await opts.system.writeFile(backup, current, 0o600);
  const previous = current.startsWith(MARKER) ? ((await opts.system.readFile(backup)) ?? '') : current;
  opts.log(`write ${path} (company DNS ${dns.servers.join(', ')})`);
  await opts.system.writeFile(path, renderResolvConf(dns, previous), 0o644);
}

/** Undoes applyLinuxDns; safe to call when nothing was applied. */
export async function restoreLinuxDns(opts: LinuxDnsOptions): Promise<void> {
  const path = opts.resolvConf ?? '/etc/resolv.conf';
  const backup = join(opts.stateDir, 'resolv.conf.backup');
  const saved = await opts.system.readFile(backup);
  if (saved === null) return; // resolved path: the interface's settings vanish with it
  const current = (await opts.system.readFile(path)) ?? '';
  if (current.startsWith(MARKER)) {
    opts.log(`restore ${path}`);
    await opts.system.writeFile(path, saved, 0o644);
  } else {
    opts.log(`${path} was changed by someone else since connect; leaving it as it is`);
  }
  await opts.system.removeFile(backup);
}

/** The name servers the computer used before connecting (for names outside the tunnel). */
export async function upstreamNameservers(opts: LinuxDnsOptions, officeServers: readonly string[]): Promise<string[]> {
  const backup = await opts.system.readFile(join(opts.stateDir, 'resolv.conf.backup'));
  const text = backup ?? (await opts.system.readFile(opts.resolvConf ?? '/etc/resolv.conf')) ?? '';
  return [...text.matchAll(/^\s*nameserver\s+(\S+)/gm)].map((m) => m[1] ?? '').filter((s) => s && !officeServers.includes(s));
}
