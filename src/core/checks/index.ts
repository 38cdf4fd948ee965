/**
 * The office service checks: one probe per protocol, all run at once, each
 * under its own timeout, so the slowest dead service costs its timeout once.
 */
import type { CheckResult } from '../../shared/checks';
import type { UserErrorData } from '../../shared/errors';
import type { TunnelStatus } from '../../shared/helper-protocol';
import { companyName } from '../../shared/profile/addresses';
import type { ProfileService } from '../../shared/profile/types';
import { probeCompanyDns, probeDnsServer } from './dns';
import { probeHttps } from './https';
import { probeImap } from './imap';
import { probeIpp } from './ipp';
import { runProbe, type ProbeJob, type SharedContext } from './run';
import { probeSip } from './sip';
import { probeSmb } from './smb';
import { probeSmtp } from './smtp';
import { NameCache, serviceTarget, type ServiceTarget } from './target';
import { probeTcp } from './tcp';
import { probeTunnel } from './tunnel';
import type { CheckProfile, Probe } from './types';
import { problem } from './verdict';

export type { CheckProfile } from './types';

/** How long one probe may take unless the service's `timeoutMs` says otherwise. */
export const DEFAULT_CHECK_TIMEOUT_MS = 3000;

export interface RunChecksOptions {
  /** The helper's tunnel status, for the handshake age (the checks never ask the helper). */
  readonly tunnelStatus?: TunnelStatus;
  /** Default timeout per probe; a service's own `timeoutMs` wins. */
  readonly timeoutMs?: number;
  /** Cancels every probe still running. */
  readonly signal?: AbortSignal;
  /** Also run the built-in `tunnel` and `dns` checks (default true). */
  readonly builtins?: boolean;
  /** In the office (docs/office.md): there is no tunnel to check, everything else is checked on the LAN. */
  readonly inOffice?: boolean;
  /** Port of the office DNS servers (53; tests point it at their own server). */
  readonly officeDnsPort?: number;
  /** Certificates (PEM) to trust on top of the system's, e.g. a company CA file. */
  readonly extraCa?: readonly string[];
}

function probeFor(service: ProfileService, target: ServiceTarget): Probe {
  switch (service.kind) {
    case 'tcp':
      return probeTcp(target);
    case 'smb':
      return probeSmb(target);
    case 'imap':
      return probeImap(target);
    case 'smtp':
      return probeSmtp(target);
    case 'ipp':
      return probeIpp(target);
    case 'sip':
      return probeSip(target);
    case 'https':
      return probeHttps(target);
    case 'dns':
      return probeDnsServer(target.host, target.port);
  }
}

function jobFor(service: ProfileService, timeoutMs: number): ProbeJob {
  const target = serviceTarget(service);
  const own = service.timeoutMs ?? timeoutMs;
  if (!target) {
    const where = { label: service.label, host: 'host' in service ? service.host : '?', port: 0 };
    return {
      id: service.id,
      kind: service.kind,
      label: service.label,
      timeoutMs: own,
      where,
      probe: async () => problem('fail', 'check.common.error', { label: service.label, detail: 'no port in the profile' }, 'check.next.callSupport'),
    };
  }
  return {
    id: service.id,
    kind: service.kind,
    label: service.label,
    timeoutMs: own,
    where: { label: service.label, host: target.host, port: target.port },
    probe: probeFor(service, target),
  };
}

/** Runs every check of the profile concurrently and returns one result per check, in profile order. */
export async function runChecks(profile: CheckProfile, opts: RunChecksOptions = {}): Promise<CheckResult[]> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS;
  const officePort = opts.officeDnsPort ?? 53;
  const servers = profile.tunnel.dns.servers;
  const names = new NameCache(servers, officePort, timeoutMs);
  const shared: SharedContext = {
    resolve: (host) => names.resolve(host),
    officeDns: { servers, port: officePort },
    companyName: companyName(profile),
    tunnelMtu: profile.tunnel.mtu,
    tunnelStatus: opts.tunnelStatus,
    extraCa: opts.extraCa ?? [],
  };
  const dnsWhere = { label: 'DNS', host: servers[0] ?? '-', port: officePort };
  const jobs: ProbeJob[] = [
    ...(opts.builtins === false
      ? []
      : [
          ...(opts.inOffice
            ? []
            : [{ id: 'tunnel', kind: 'tunnel' as const, label: 'VPN', timeoutMs, where: { ...dnsWhere, label: 'VPN' }, probe: probeTunnel() }]),
          { id: 'dns', kind: 'dns' as const, label: 'DNS', timeoutMs, where: dnsWhere, probe: probeCompanyDns() },
        ]),
    ...profile.services.map((s) => jobFor(s, timeoutMs)),
  ];
  const phone = profile.support?.phone ?? '';
  try {
    return await Promise.all(jobs.map((job) => runProbe(job, shared, phone, opts.signal)));
  } finally {
    names.close();
  }
}

/** The error a failed services step carries: the one failure's own message, or a list of the failed. */
export function stageError(results: readonly CheckResult[]): UserErrorData | undefined {
  const failed = results.filter((r) => r.status === 'fail');
  if (failed.length === 0) return undefined;
  const detail = failed.map((r) => `${r.id}: ${r.message.code}${r.detail ? ` (${r.detail})` : ''}`).join('; ').slice(0, 3900);
  if (failed.length === 1 && failed[0]) return { code: failed[0].message.code, params: failed[0].message.params, detail };
  return { code: 'check.stage.failed', params: { count: failed.length, labels: failed.map((r) => r.label).join(', ') }, detail };
}
