/** The shapes a probe works with: its input (a service, a context) and its output (a verdict). */
import type { CheckMessage, CheckStatus } from '../../shared/checks';
import type { TunnelStatus } from '../../shared/helper-protocol';
import type { MessageKey, MessageParams } from '../../shared/i18n';
import type { ProfileService } from '../../shared/profile/types';

/** The parts of a profile the checks read (a full `Profile` or `StoredProfile` fits). */
export interface CheckProfile {
  readonly org: { readonly domain: string };
  readonly support?: { readonly phone?: string };
  readonly tunnel: { readonly mtu: number; readonly dns: { readonly servers: readonly string[] } };
  readonly services: readonly ProfileService[];
}

/** Where a probe is when its time runs out; decides which "no answer" it was. */
export type ProbePhase = 'resolve' | 'connect' | 'reply';

/** A probe's finding, before the runner adds id, label, latency and the support phone. */
export interface Verdict {
  readonly status: CheckStatus;
  readonly message: CheckMessage;
  /** Catalogue key of the next step; the runner adds `{phone}` to its params. */
  readonly next: MessageKey;
  readonly nextParams?: MessageParams;
  /** Only IT support can fix this: the result carries the support phone. */
  readonly support: boolean;
  readonly detail?: string;
}

/** What every probe gets from the runner. */
export interface ProbeContext {
  /** Aborted when the probe's time is up (or the whole run is cancelled). */
  readonly signal: AbortSignal;
  readonly timeoutMs: number;
  readonly label: string;
  /** Records how far the probe got, for the timeout verdict. */
  phase(phase: ProbePhase): void;
  /** Resolves a host (system resolver, then the office DNS); IP literals pass through. */
  resolve(host: string): Promise<string>;
  /** The office DNS servers from the profile, and the port to ask them on. */
  readonly officeDns: { readonly servers: readonly string[]; readonly port: number };
  /** The name the DNS and MTU checks ask for: a company host from the profile. */
  readonly companyName: string;
  readonly tunnelMtu: number;
  readonly tunnelStatus: TunnelStatus | undefined;
  /** Certificates trusted on top of the system's (PEM). */
  readonly extraCa: readonly string[];
}

/** One probe: inspects a service and returns a verdict, or throws a network error to classify. */
export type Probe = (ctx: ProbeContext) => Promise<Verdict>;
