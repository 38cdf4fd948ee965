/**
 * Company DNS on Linux while the tunnel is up. With systemd-resolved the
 * interface gets its own servers and routing domains (split DNS, the system
 * stays in charge). Without it, /etc/resolv.conf is rewritten in place (it may
 * be a bind mount, so never replaced by rename) with the office servers first
 * and the previous ones as fallback; the original is restored on down.
 */
import { access, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { TUNNEL_INTERFACE } from '../shared/helper-protocol';

const MARKER = '# HomeOffice Connect: company DNS while the tunnel is up; restored on disconnect';

export interface DnsSettings {
  readonly servers: readonly string[];
  readonly searchDomains: readonly string[];
}

export interface LinuxDnsOptions {
  readonly stateDir: string;
  readonly resolvConf?: string;
  readonly log: (line: string) => void;
}

async function resolvedActive(): Promise<boolean> {
  try {
    await access('/run/systemd/resolve/io.systemd.Resolve');
  } catch {
    return false;
  }
  const r = await execa('resolvectl', ['status', TUNNEL_INTERFACE], { reject: false, stdin: 'ignore' });
  return r.exitCode === 0;
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
  if (await resolvedActive()) {
    opts.log(`resolvectl dns ${TUNNEL_INTERFACE} ${dns.servers.join(' ')}`);
    await execa('resolvectl', ['dns', TUNNEL_INTERFACE, ...dns.servers], { stdin: 'ignore' });
    const domains = dns.searchDomains.flatMap((d) => [d, `~${d}`]);
    if (domains.length) await execa('resolvectl', ['domain', TUNNEL_INTERFACE, ...domains], { stdin: 'ignore' });
    return;
  }
  const path = opts.resolvConf ?? '/etc/resolv.conf';
  const backup = join(opts.stateDir, 'resolv.conf.backup');
  const current = await readFile(path, 'utf8').catch(() => '');
  // After a crash the file may still hold our content: keep the first backup.
  if (!current.startsWith(MARKER)) await writeFile(backup, current, { mode: 0o600 });
  const previous = current.startsWith(MARKER) ? await readFile(backup, 'utf8').catch(() => '') : current;
  opts.log(`write ${path} (company DNS ${dns.servers.join(', ')})`);
  await writeFile(path, renderResolvConf(dns, previous));
}

/** Undoes applyLinuxDns; safe to call when nothing was applied. */
export async function restoreLinuxDns(opts: LinuxDnsOptions): Promise<void> {
  const path = opts.resolvConf ?? '/etc/resolv.conf';
  const backup = join(opts.stateDir, 'resolv.conf.backup');
  const saved = await readFile(backup, 'utf8').catch(() => null);
  if (saved === null) return; // resolved path: the interface's settings vanish with it
  const current = await readFile(path, 'utf8').catch(() => '');
  if (current.startsWith(MARKER)) {
    opts.log(`restore ${path}`);
    await writeFile(path, saved);
  } else {
    opts.log(`${path} was changed by someone else since connect; leaving it as it is`);
  }
  await rm(backup, { force: true });
}

/** The name servers the computer used before connecting (for names outside the tunnel). */
export async function upstreamNameservers(opts: LinuxDnsOptions, officeServers: readonly string[]): Promise<string[]> {
  const backup = await readFile(join(opts.stateDir, 'resolv.conf.backup'), 'utf8').catch(() => null);
  const text = backup ?? (await readFile(opts.resolvConf ?? '/etc/resolv.conf', 'utf8').catch(() => ''));
  return [...text.matchAll(/^\s*nameserver\s+(\S+)/gm)].map((m) => m[1] ?? '').filter((s) => s && !officeServers.includes(s));
}
