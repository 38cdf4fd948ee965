/** Where a service lives (host, port, path), and how its name is resolved. */
import { lookup } from 'node:dns/promises';
import { Resolver } from 'node:dns/promises';
import { isIP } from 'node:net';
import { DEFAULT_SERVICE_PORTS, type ProfileService } from '../../shared/profile/types';

/** A service's address as the probes use it. */
export interface ServiceTarget {
  readonly host: string;
  readonly port: number;
  /** Path of a URL service (`/printers/Plotter`); `/` otherwise. */
  readonly path: string;
  /** The URL scheme for URL services (`ipp`, `ipps`, `https`). */
  readonly scheme: string;
  readonly url: string | undefined;
}

const URL_DEFAULT_PORTS: Readonly<Record<string, number>> = { ipp: 631, ipps: 631, https: 443 };

/** Host, port and path of a service; null when the profile gives no port for a plain tcp service. */
export function serviceTarget(service: ProfileService): ServiceTarget | null {
  if ('url' in service) {
    const u = new URL(service.url);
    const scheme = u.protocol.replace(/:$/, '');
    const host = u.hostname.replace(/^\[(.*)\]$/, '$1');
    const port = u.port ? Number(u.port) : (URL_DEFAULT_PORTS[scheme] ?? 443);
    return { host, port, path: `${u.pathname || '/'}${u.search}`, scheme, url: service.url };
  }
  const port = service.port ?? DEFAULT_SERVICE_PORTS[service.kind];
  if (port === null) return null;
  return { host: service.host, port, path: '/', scheme: service.kind, url: undefined };
}

/**
 * Resolves names for one run of the checks: each name once (services often
 * share a host), through the system resolver first and the office DNS second,
 * so a broken local DNS setting does not hide whether the service itself works.
 */
export class NameCache {
  private readonly names = new Map<string, Promise<string>>();
  private readonly office: Resolver | null;

  constructor(officeServers: readonly string[], officePort: number, timeoutMs: number) {
    if (officeServers.length === 0) {
      this.office = null;
      return;
    }
    // c-ares needs about twice its per-try timeout; the office answer must come well within the probe's.
    this.office = new Resolver({ timeout: Math.max(50, Math.floor(timeoutMs / 5)), tries: 1 });
    this.office.setServers(officeServers.map((s) => (isIP(s) === 6 ? `[${s}]:${officePort}` : `${s}:${officePort}`)));
  }

  /** The address of `host` (IP literals as they are). */
  resolve(host: string): Promise<string> {
    if (isIP(host)) return Promise.resolve(host);
    let pending = this.names.get(host);
    if (!pending) {
      pending = this.lookup(host);
      this.names.set(host, pending);
    }
    return pending;
  }

  private async lookup(host: string): Promise<string> {
    try {
      return (await lookup(host)).address;
    } catch (systemError) {
      if (!this.office) throw systemError;
      try {
        const [v4] = await this.office.resolve4(host);
        if (v4) return v4;
      } catch {
        // Fall through: the system resolver's error is the one to report.
      }
      throw systemError;
    }
  }

  /** Stops outstanding office DNS queries (the system resolver cannot be stopped). */
  close(): void {
    this.office?.cancel();
  }
}
