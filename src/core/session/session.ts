/**
 * One connect as a state machine: profile → tunnel → dns → services → drives
 * → printers → ready (or degraded / error). Every step emits events; the CLI
 * and the app render the same events. Disconnect undoes what connect did, in
 * reverse order.
 */
import { lookup } from 'node:dns/promises';
import type { TunnelStatus } from '../../shared/helper-protocol';
import { asUserError, UserError, type UserErrorData } from '../../shared/errors';
import type { ConnectStep, StepEvent } from '../../shared/session';
import { callHelper, type HelperClientOptions } from '../helper-client';
import { clearSessionRecord, readSessionRecord, writeSessionRecord, type SessionRecord } from './record';
import { tunnelSpecFromProfile, type ProfileTunnel } from './tunnel-spec';
import { undoDrives } from '../drives';
import { withSessionLock } from './lock';
import { undoPrinters } from '../printers';

/** The parts of a verified profile that connect needs. */
export interface ConnectProfile {
  readonly org: { readonly id: string; readonly name: string; readonly domain: string };
  readonly tunnel: ProfileTunnel;
  readonly services: readonly { readonly host?: string; readonly url?: string }[];
}

/** A later step (services, drives, printers): reports ok, or a failure that degrades the session. */
export type StageRunner = (ctx: { readonly profile: ConnectProfile; readonly home: string }) => Promise<{ ok: boolean; error?: UserErrorData }>;

export interface SessionDeps {
  readonly home: string;
  readonly helper: HelperClientOptions;
  readonly onEvent?: (event: StepEvent) => void;
  /** Resolves a name through the system resolver (tests may point it elsewhere). */
  readonly resolve?: (name: string) => Promise<string>;
  readonly stages?: Partial<Record<'services' | 'drives' | 'printers', StageRunner>>;
  /** How long the dns step keeps retrying while the first handshake completes. */
  readonly dnsWaitMs?: number;
}

export interface ConnectResult {
  readonly phase: 'ready' | 'degraded' | 'error';
  readonly status: TunnelStatus;
  readonly error?: UserErrorData;
}

async function systemResolve(name: string): Promise<string> {
  return (await lookup(name)).address;
}

/** The company name the dns step resolves: the first service host inside the company domain. */
export function nameToResolve(profile: ConnectProfile): string {
  const domain = profile.org.domain.toLowerCase();
  for (const s of profile.services) {
    const host = s.host ?? (s.url ? new URL(s.url).hostname : undefined);
    if (host && host.toLowerCase().endsWith(`.${domain}`)) return host;
  }
  return domain;
}

async function timed<T>(step: ConnectStep, deps: SessionDeps, work: () => Promise<T>): Promise<T> {
  const started = Date.now();
  deps.onEvent?.({ step, state: 'running' });
  try {
    const value = await work();
    deps.onEvent?.({ step, state: 'ok', ms: Date.now() - started });
    return value;
  } catch (err) {
    deps.onEvent?.({ step, state: 'failed', ms: Date.now() - started, error: asUserError(err).toData() });
    throw err;
  }
}

async function resolveWithRetry(name: string, deps: SessionDeps): Promise<string> {
  const resolve = deps.resolve ?? systemResolve;
  const deadline = Date.now() + (deps.dnsWaitMs ?? 8000);
  for (;;) {
    try {
      return await resolve(name);
    } catch (err) {
      if (Date.now() >= deadline) {
        const detail = err instanceof Error ? err.message : String(err);
        throw new UserError('error.dns.failed', { name, detail }, detail);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

/** Connects: brings the tunnel up through the helper, then runs every later step (one session operation at a time). */
export function connectSession(profile: ConnectProfile, privateKey: string, deps: SessionDeps): Promise<ConnectResult> {
  return withSessionLock(deps.home, () => connectLocked(profile, privateKey, deps));
}

async function connectLocked(profile: ConnectProfile, privateKey: string, deps: SessionDeps): Promise<ConnectResult> {
  const record: SessionRecord = {
    orgId: profile.org.id,
    orgName: profile.org.name,
    connectedAt: new Date().toISOString(),
    tunnel: true,
    drives: [],
    printers: [],
  };
  let status: TunnelStatus;
  try {
    // The record goes first: a crash after this point is still cleaned by disconnect.
    await writeSessionRecord(deps.home, record);
    status = await timed('tunnel', deps, () =>
      callHelper({ cmd: 'tunnel.up', spec: tunnelSpecFromProfile(profile.tunnel, privateKey) }, deps.helper),
    );
  } catch (err) {
    await clearSessionRecord(deps.home);
    return { phase: 'error', status: { state: 'down' }, error: asUserError(err).toData() };
  }

  let firstError: UserErrorData | undefined;
  try {
    await timed('dns', deps, () => resolveWithRetry(nameToResolve(profile), deps));
  } catch (err) {
    firstError = asUserError(err).toData();
  }
  // The three stages need only the tunnel and names, not each other: they run side by side, so a
  // slow drive mount no longer waits for the service checks (or the other way round). Each still
  // reports its own step; the first error in step order is the one the connect returns.
  const errors = await Promise.all(
    (['services', 'drives', 'printers'] as const).map(async (stage): Promise<UserErrorData | undefined> => {
      const run = deps.stages?.[stage];
      if (!run) {
        deps.onEvent?.({ step: stage, state: 'skipped' });
        return undefined;
      }
      try {
        // A stage that reports a failure is a failed step (shown as such), not an ok one.
        await timed(stage, deps, async () => {
          const outcome = await run({ profile, home: deps.home });
          if (!outcome.ok) throw outcome.error ? UserError.fromData(outcome.error) : new UserError('error.internal', { detail: `${stage} failed` });
        });
        return undefined;
      } catch (err) {
        return asUserError(err).toData();
      }
    }),
  );
  for (const error of errors) firstError ??= error;
  status = await callHelper({ cmd: 'tunnel.status' }, deps.helper).catch(() => status);
  return firstError ? { phase: 'degraded', status, error: firstError } : { phase: 'ready', status };
}

/** What a disconnect could not undo (shown, and kept in the record for the next try). */
export interface DisconnectResult {
  readonly wasConnected: boolean;
  readonly errors: readonly UserErrorData[];
}

/**
 * Disconnects: removes the printers, then the drives this session recorded
 * (never anything the user had before), then takes the tunnel down. The
 * record is cleared only when everything it lists was undone.
 */
export function disconnectSession(deps: SessionDeps): Promise<DisconnectResult> {
  return withSessionLock(deps.home, () => disconnectLocked(deps));
}

async function disconnectLocked(deps: SessionDeps): Promise<DisconnectResult> {
  const record = await readSessionRecord(deps.home);
  const status = await callHelper({ cmd: 'tunnel.status' }, deps.helper);
  const errors: UserErrorData[] = [];
  if (record) {
    errors.push(...(await undoPrinters(record, { home: deps.home, helper: deps.helper })).errors);
    errors.push(...(await undoDrives(record, { home: deps.home })).errors);
  }
  await callHelper({ cmd: 'tunnel.down' }, deps.helper);
  if (errors.length === 0) await clearSessionRecord(deps.home);
  return { wasConnected: record !== null || status.state === 'up', errors };
}

/** The tunnel's status from the helper plus what this user's session recorded. */
export async function sessionStatus(deps: SessionDeps): Promise<{ status: TunnelStatus; record: SessionRecord | null }> {
  const [status, record] = await Promise.all([callHelper({ cmd: 'tunnel.status' }, deps.helper), readSessionRecord(deps.home)]);
  return { status, record };
}
