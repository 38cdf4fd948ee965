/**
 * One connect as a pipeline of stages (profile → tunnel → names → services,
 * drives and printers side by side), one disconnect as the same list undone
 * in reverse. The runner knows stages only through their interface
 * (./stage): which stages there are is decided by the caller (core/connect).
 * Every step emits events; the CLI and the app render the same events.
 */
import { asUserError, UserError, type UserErrorData } from '../../shared/errors';
import type { TunnelStatus } from '../../shared/helper-protocol';
import type { Place, StepEvent } from '../../shared/session';
import { callHelper, type HelperClientOptions } from '../helper-client';
import { withSessionLock } from './lock';
import { beginSessionRecord, readSessionRecord, recordSlice, type RecordOrg, type SessionRecord } from './record';
import type { Pipeline, SliceOf, Stage, StageContext, StageOutcome } from './stage';

export interface SessionDeps {
  readonly home: string;
  readonly helper: HelperClientOptions;
  readonly onEvent?: (event: StepEvent) => void;
}

export interface ConnectResult {
  /** `office`: in the office, connected directly without the tunnel, everything ready (docs/office.md). */
  readonly phase: 'ready' | 'office' | 'degraded' | 'error';
  /** Where the computer was found to be. */
  readonly place: Place;
  readonly status: TunnelStatus;
  readonly error?: UserErrorData;
  /** The org of the profile the connect ran with (null when the profile step failed). */
  readonly org: { readonly id: string; readonly name: string } | null;
}

function sliceFor(stage: Stage, home: string, org: RecordOrg | null): SliceOf<typeof stage.slice> {
  return (stage.slice === null ? null : recordSlice(home, stage.slice, org)) as SliceOf<typeof stage.slice>;
}

async function runStage(stage: Stage, ctx: StageContext, deps: SessionDeps): Promise<UserErrorData | undefined> {
  const started = Date.now();
  deps.onEvent?.({ step: stage.step, state: 'running' });
  let outcome: StageOutcome;
  try {
    const org = ctx.loaded ? { id: ctx.loaded.profile.org.id, name: ctx.loaded.profile.org.name } : null;
    outcome = await stage.run(ctx, sliceFor(stage, deps.home, org));
  } catch (err) {
    outcome = { ok: false, error: asUserError(err).toData() };
  }
  const ms = Date.now() - started;
  if (outcome.ok) {
    deps.onEvent?.({ step: stage.step, state: outcome.skipped ? 'skipped' : 'ok', ms });
    return undefined;
  }
  const error = outcome.error ?? new UserError('error.internal', { detail: `${stage.step} failed` }).toData();
  deps.onEvent?.({ step: stage.step, state: 'failed', ms, error });
  return error;
}

/**
 * Connects: runs the pipeline in order, one session operation at a time. A
 * critical stage's failure ends it (`error`); any other failure degrades it.
 * The record is merged into, never replaced, and kept whatever happens.
 */
export function connectSession(pipeline: Pipeline, deps: SessionDeps): Promise<ConnectResult> {
  return withSessionLock(deps.home, () => connectLocked(pipeline, deps));
}

async function connectLocked(pipeline: Pipeline, deps: SessionDeps): Promise<ConnectResult> {
  const ctx: StageContext = { home: deps.home, helper: deps.helper };
  let begun = false;
  let firstError: UserErrorData | undefined;
  for (const [index, entry] of pipeline.entries()) {
    const group = Array.isArray(entry) ? (entry as readonly Stage[]) : [entry as Stage];
    if (!begun && ctx.loaded) {
      // The first stage after the profile: the record (if any) now names this org; its entries stay.
      await beginSessionRecord(deps.home, { id: ctx.loaded.profile.org.id, name: ctx.loaded.profile.org.name });
      begun = true;
    }
    // Side by side: each reports its own step; the first error in step order is the one returned.
    const errors = await Promise.all(group.map((stage) => runStage(stage, ctx, deps)));
    const failedCritical = group.findIndex((s, i) => s.critical && errors[i]);
    if (failedCritical >= 0) {
      for (const rest of pipeline.slice(index + 1)) {
        for (const s of Array.isArray(rest) ? (rest as readonly Stage[]) : [rest as Stage]) deps.onEvent?.({ step: s.step, state: 'skipped' });
      }
      return { phase: 'error', place: ctx.place ?? 'home', status: ctx.status ?? { state: 'down' }, error: errors[failedCritical], org: orgOf(ctx) };
    }
    for (const e of errors) firstError ??= e;
  }
  const status = await callHelper({ cmd: 'tunnel.status' }, deps.helper).catch(() => ctx.status ?? ({ state: 'down' } as const));
  const place = ctx.place ?? 'home';
  if (firstError) return { phase: 'degraded', place, status, error: firstError, org: orgOf(ctx) };
  return { phase: place === 'office' ? 'office' : 'ready', place, status, org: orgOf(ctx) };
}

function orgOf(ctx: StageContext): ConnectResult['org'] {
  return ctx.loaded ? { id: ctx.loaded.profile.org.id, name: ctx.loaded.profile.org.name } : null;
}

/** What a disconnect could not undo (shown, and kept in the record for the next try). */
export interface DisconnectResult {
  readonly wasConnected: boolean;
  readonly errors: readonly UserErrorData[];
}

/**
 * Disconnects: every stage undoes its slice, last stage first (a group side by
 * side). A stage whose undo fails keeps its entries; the others still run, so
 * a helper that is down leaves the tunnel's entry but the drives are undone.
 */
export function disconnectSession(pipeline: Pipeline, deps: SessionDeps): Promise<DisconnectResult> {
  return withSessionLock(deps.home, () => disconnectLocked(pipeline, deps));
}

async function disconnectLocked(pipeline: Pipeline, deps: SessionDeps): Promise<DisconnectResult> {
  const before = await readSessionRecord(deps.home);
  const status = await callHelper({ cmd: 'tunnel.status' }, deps.helper).catch(() => null);
  const errors: UserErrorData[] = [];
  const ctx = { home: deps.home, helper: deps.helper };
  for (const entry of [...pipeline].reverse()) {
    const group = Array.isArray(entry) ? (entry as readonly Stage[]) : [entry as Stage];
    const results = await Promise.all(
      group.map((stage) => stage.undo(sliceFor(stage, deps.home, null), ctx).catch((err: unknown) => [asUserError(err).toData()])),
    );
    for (const r of results) errors.push(...r);
  }
  return { wasConnected: before !== null || status?.state === 'up', errors };
}

/** While connected: every stage with a `heal` puts back what the system dropped; returns what could not be. */
export async function healSession(pipeline: Pipeline, ctx: StageContext): Promise<readonly UserErrorData[]> {
  const record = await readSessionRecord(ctx.home);
  if (!record) return [];
  const org = { id: record.orgId, name: record.orgName };
  const errors: UserErrorData[] = [];
  for (const entry of pipeline) {
    for (const stage of Array.isArray(entry) ? (entry as readonly Stage[]) : [entry as Stage]) {
      if (!stage.heal) continue;
      errors.push(...(await stage.heal(ctx, sliceFor(stage, ctx.home, org)).catch((err: unknown) => [asUserError(err).toData()])));
    }
  }
  return errors;
}

/** The tunnel's status from the helper plus what this user's session recorded. */
export async function sessionStatus(deps: Pick<SessionDeps, 'home' | 'helper'>): Promise<{ status: TunnelStatus; record: SessionRecord | null }> {
  const [status, record] = await Promise.all([callHelper({ cmd: 'tunnel.status' }, deps.helper), readSessionRecord(deps.home)]);
  return { status, record };
}
