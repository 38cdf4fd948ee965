/**
 * The connection part of the app: the session snapshot, connect and
 * disconnect with their step events, and the watch that notices a vanished
 * tunnel, a silent office, its return, and drives the system dropped.
 */
import { asUserError, UserError, type UserErrorData } from '../../shared/errors';
import type { CheckResult } from '../../shared/checks';
import type { TunnelStatus } from '../../shared/helper-protocol';
import type { SessionSnapshot } from '../../shared/ipc';
import type { StoredProfile } from '../../shared/profile/types';
import type { StepEvent } from '../../shared/session';
import { runChecks as runOfficeChecks, stageError, toCheckProfile } from '../checks';
import { createDrivesStage, healDrives } from '../drives';
import { createPrintersStage } from '../printers';
import { getActiveProfile, type SecretStores } from '../profile';
import { connectSession, disconnectSession, sessionStatus, type SessionDeps, type StageRunner } from '../session/session';
import { CONNECTION_LOST, pendingSteps, tunnelHealth } from './connection';

/** The snapshot before anything is known. */
export function idleSession(): SessionSnapshot {
  return { phase: 'idle', status: { state: 'down' }, orgName: null, error: null, steps: pendingSteps(), checks: null, health: 'unknown' };
}

export interface SessionControlDeps {
  readonly env: NodeJS.ProcessEnv;
  readonly home: string;
  readonly secrets: SecretStores;
  readonly now: () => Date;
  readonly helperDeps: () => Pick<SessionDeps, 'home' | 'helper'>;
  readonly log: { info(message: string, data?: unknown): void; warn(message: string, data?: unknown): void; error(message: string, data?: unknown): void };
  /** The snapshot changed. */
  readonly changed: (session: SessionSnapshot) => void;
  /** A step changed state. */
  readonly step: (event: StepEvent) => void;
  /** The imported profile could not be used (cached views are stale). */
  readonly profileFailed: () => void;
  readonly runChecks?: (profile: StoredProfile, status: TunnelStatus | undefined) => Promise<readonly CheckResult[]>;
  readonly stages?: { readonly drives?: StageRunner; readonly printers?: StageRunner };
  readonly healDrives?: (home: string, profile: StoredProfile) => Promise<{ remapped: string[]; errors: UserErrorData[] }>;
  readonly dnsWaitMs?: number;
}

export class SessionControl {
  private session: SessionSnapshot = idleSession();
  private sessionLoaded = false;
  private busy = false;
  private watchTimer: NodeJS.Timeout | null = null;

  constructor(private readonly deps: SessionControlDeps) {}

  /** True while a connect or disconnect runs or the tunnel is up: the profile must not change then. */
  inUse(): boolean {
    return this.busy || this.session.phase === 'ready' || this.session.phase === 'degraded';
  }

  private now(): Date {
    return this.deps.now();
  }

  private helperDeps() {
    return this.deps.helperDeps();
  }

  private emitSession(): SessionSnapshot {
    this.deps.changed(this.session);
    return this.session;
  }

  /** The session as it is now; the first call asks the helper what is up. */
  async sessionSnapshot(): Promise<SessionSnapshot> {
    if (!this.sessionLoaded && !this.busy) {
      this.sessionLoaded = true;
      try {
        const { status, record } = await sessionStatus(this.helperDeps());
        if (status.state === 'up' && record) {
          this.session = { ...idleSession(), phase: 'ready', status, orgName: record.orgName, health: tunnelHealth(status, this.now().getTime() / 1000) };
        } else {
          this.session = { ...idleSession(), status };
        }
      } catch (err) {
        this.sessionLoaded = false;
        this.session = { ...idleSession(), error: asUserError(err).toData() };
      }
    }
    return this.session;
  }

  private update(patch: Partial<SessionSnapshot>): SessionSnapshot {
    this.session = { ...this.session, ...patch };
    return this.emitSession();
  }

  private onStep(event: StepEvent): void {
    this.session = {
      ...this.session,
      steps: { ...this.session.steps, [event.step]: { state: event.state, ms: event.ms ?? null, error: event.error ?? null } },
    };
    this.deps.step(event);
    this.emitSession();
  }

  /** Connects with the imported profile, emitting a step event per step. */
  async connect(): Promise<SessionSnapshot> {
    if (this.busy) throw new UserError('error.tunnel.busy');
    this.busy = true;
    try {
      this.update({ phase: 'connecting', error: null, steps: pendingSteps(), checks: null, health: 'unknown' });
      this.onStep({ step: 'profile', state: 'running' });
      const started = Date.now();
      let active;
      try {
        active = await getActiveProfile(this.deps.env, { secrets: this.deps.secrets, now: this.now() });
        if (!active) throw new UserError('error.profile.notFound');
      } catch (err) {
        const error = asUserError(err).toData();
        this.onStep({ step: 'profile', state: 'failed', ms: Date.now() - started, error });
        this.deps.profileFailed();
        return this.update({ phase: 'error', error });
      }
      this.onStep({ step: 'profile', state: 'ok', ms: Date.now() - started });
      const profile = active.profile;
      this.deps.log.info('connecting', { org: profile.org.id });
      const runChecks =
        this.deps.runChecks ??
        ((p: StoredProfile, status: TunnelStatus | undefined) => runOfficeChecks(toCheckProfile(p), status ? { tunnelStatus: status } : {}));
      const services: StageRunner = async () => {
        const status = await sessionStatus(this.helperDeps()).then((s) => s.status).catch(() => undefined);
        const checks = await runChecks(profile, status);
        this.session = { ...this.session, checks };
        const error = stageError(checks);
        // Thrown, not returned: the step then shows as failed, with this error.
        if (error) throw UserError.fromData(error);
        return { ok: true };
      };
      const result = await connectSession(profile, active.privateKey, {
        ...this.helperDeps(),
        onEvent: (e) => this.onStep(e),
        stages: {
          services,
          drives: this.deps.stages?.drives ?? createDrivesStage(),
          printers: this.deps.stages?.printers ?? createPrintersStage({ helper: this.helperDeps().helper }),
        },
        ...(this.deps.dnsWaitMs !== undefined ? { dnsWaitMs: this.deps.dnsWaitMs } : {}),
      });
      this.sessionLoaded = true;
      this.deps.log.info(`connect finished: ${result.phase}`, result.error ? { code: result.error.code, detail: result.error.detail } : undefined);
      return this.update({
        phase: result.phase,
        status: result.status,
        orgName: profile.org.name,
        error: result.error ?? null,
        health: tunnelHealth(result.status, this.now().getTime() / 1000),
      });
    } finally {
      this.busy = false;
    }
  }

  /** Disconnects and undoes what the connect added. */
  async disconnect(): Promise<SessionSnapshot> {
    if (this.busy) throw new UserError('error.tunnel.busy');
    this.busy = true;
    try {
      this.update({ phase: 'disconnecting', error: null });
      try {
        await disconnectSession(this.helperDeps());
      } catch (err) {
        const error = asUserError(err).toData();
        this.deps.log.error('disconnect failed', error);
        const status = await sessionStatus(this.helperDeps()).then((s) => s.status).catch(() => this.session.status);
        return this.update({ phase: status.state === 'up' ? 'error' : 'idle', status, error });
      }
      this.deps.log.info('disconnected');
      this.session = idleSession();
      this.sessionLoaded = true;
      return this.emitSession();
    } finally {
      this.busy = false;
    }
  }

  /** One look at the tunnel (the watch): notices a vanished tunnel, a silent office, and its return. */
  async refresh(): Promise<SessionSnapshot> {
    if (this.busy) return this.session;
    const s = this.session;
    const watching = s.phase === 'ready' || s.phase === 'degraded' || (s.phase === 'error' && s.error?.code === CONNECTION_LOST);
    if (!watching) return s;
    let status: TunnelStatus;
    try {
      status = (await sessionStatus(this.helperDeps())).status;
    } catch {
      return s;
    }
    if (this.busy) return this.session;
    const health = tunnelHealth(status, this.now().getTime() / 1000);
    if (status.state !== 'up') {
      if (s.phase === 'error') return s;
      this.deps.log.warn('connection lost: tunnel is down');
      return this.update({ phase: 'error', status, health: 'unknown', error: { code: CONNECTION_LOST, params: {} } });
    }
    if (s.phase === 'error') {
      this.deps.log.info('connection back');
      return this.update({ phase: 'ready', status, health, error: null });
    }
    await this.healDroppedDrives();
    if (health !== s.health) {
      this.deps.log.info(`connection health: ${health}`);
      return this.update({ status, health });
    }
    this.session = { ...s, status };
    return this.session;
  }

  /** While connected: maps again a drive the OS dropped (at most every 30 s; drives is injectable for tests). */
  private lastHeal = 0;
  private async healDroppedDrives(): Promise<void> {
    const now = this.now().getTime();
    if (now - this.lastHeal < 30_000) return;
    this.lastHeal = now;
    const active = await getActiveProfile(this.deps.env, { secrets: this.deps.secrets, now: this.now() }).catch(() => null);
    if (!active) return;
    const { remapped, errors } = await (this.deps.healDrives ?? ((home, profile) => healDrives(home, profile, { secrets: this.deps.secrets })))(this.deps.home, active.profile);
    for (const letter of remapped) this.deps.log.info(`drive ${letter}: was dropped by the system, mapped again`);
    for (const e of errors) this.deps.log.warn('drive could not be mapped again', e);
  }

  /** Starts the watch (main only; the UI never polls). */
  startWatch(intervalMs: number): void {
    this.stopWatch();
    this.watchTimer = setInterval(() => void this.refresh(), intervalMs);
    this.watchTimer.unref?.();
  }

  stopWatch(): void {
    if (this.watchTimer) clearInterval(this.watchTimer);
    this.watchTimer = null;
  }
}
