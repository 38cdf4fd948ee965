/**
 * The connection part of the app: the session snapshot, connect and
 * disconnect with their step events, and the watch that notices a vanished
 * tunnel, a silent office, its return, and drives the system dropped.
 */
import { asUserError, UserError } from '../../shared/errors';
import type { CheckResult } from '../../shared/checks';
import type { TunnelStatus } from '../../shared/helper-protocol';
import type { SessionSnapshot } from '../../shared/ipc';
import { isConnected, type Place, type StepEvent } from '../../shared/session';
import { getActiveProfile, type SecretStores } from '../profile';
import { sessionStatus, type SessionDeps } from '../session/session';
import { connectOffice, disconnectOffice, healOffice, type OfficeOptions } from '../stages';
import { CONNECTION_LOST, pendingSteps, tunnelHealth } from './connection';
import { proveOffice } from '../office/proof';
import { PlaceWatch } from '../office/watch';

/** The snapshot before anything is known. */
export function idleSession(): SessionSnapshot {
  return { phase: 'idle', status: { state: 'down' }, orgName: null, error: null, steps: pendingSteps(), checks: null, health: 'unknown', place: 'home' };
}

export interface SessionControlDeps {
  readonly env: NodeJS.ProcessEnv;
  readonly home: string;
  readonly secrets: SecretStores;
  readonly now: () => Date;
  readonly helperDeps: () => Pick<SessionDeps, 'home' | 'helper'>;
  readonly log: { info(message: string, data?: unknown): void; warn(message: string, data?: unknown): void; error(message: string, data?: unknown): void };
  /** Whether to bring the tunnel up by itself after leaving the office (the auto-connect setting). */
  readonly autoConnect?: () => Promise<boolean>;
  /** The snapshot changed. */
  readonly changed: (session: SessionSnapshot) => void;
  /** A step changed state. */
  readonly step: (event: StepEvent) => void;
  /** The imported profile could not be used (cached views are stale). */
  readonly profileFailed: () => void;
  /** Replaces parts of the office pipeline (tests: checks, OS adapter, name resolution). */
  readonly office?: Pick<OfficeOptions, 'runChecks' | 'platform' | 'resolve' | 'dnsWaitMs'>;
}

export class SessionControl {
  private session: SessionSnapshot = idleSession();
  private sessionLoaded = false;
  private busy = false;
  private watchTimer: NodeJS.Timeout | null = null;

  constructor(private readonly deps: SessionControlDeps) {}

  /** True while a connect or disconnect runs or the tunnel is up: the profile must not change then. */
  inUse(): boolean {
    return this.busy || isConnected(this.session);
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

  /** The office pipeline's options with this app's listeners. */
  private officeOptions(listeners: Partial<OfficeOptions> = {}): OfficeOptions {
    return { ...this.helperDeps(), env: this.deps.env, secrets: this.deps.secrets, now: () => this.now(), ...this.deps.office, ...listeners };
  }

  /** Connects with the imported profile: core runs every step; the app listens. */
  async connect(): Promise<SessionSnapshot> {
    if (this.busy) throw new UserError('error.tunnel.busy');
    this.busy = true;
    try {
      this.update({ phase: 'connecting', error: null, steps: pendingSteps(), checks: null, health: 'unknown' });
      const result = await connectOffice(
        this.officeOptions({
          onEvent: (e) => this.onStep(e),
          onLoaded: (loaded) => this.deps.log.info('connecting', { org: loaded.profile.org.id }),
          onChecks: (checks: readonly CheckResult[]) => {
            this.session = { ...this.session, checks };
          },
        }),
      );
      this.sessionLoaded = true;
      if (!result.org) {
        this.deps.profileFailed();
        return this.update({ phase: 'error', error: result.error ?? null });
      }
      this.deps.log.info(`connect finished: ${result.phase}`, result.error ? { code: result.error.code, detail: result.error.detail } : undefined);
      this.watchPlace(result.place);
      return this.update({
        phase: result.phase,
        place: result.place,
        status: result.status,
        orgName: result.org.name,
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
        const result = await disconnectOffice(this.officeOptions());
        if (result.errors[0]) throw UserError.fromData(result.errors[0]);
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

  /**
   * In the office: the place watch (core/office/watch) proves again on network
   * changes, on wake and every two minutes; when the notebook has left, the
   * app connects again with the tunnel (auto-connect on) or disconnects.
   * Drives and printers stay mapped across the switch while the record lists them.
   */
  private placeWatch: PlaceWatch | null = null;
  private watchPlace(place: Place): void {
    this.placeWatch?.stop();
    this.placeWatch = null;
    if (place !== 'office') return;
    const watch = new PlaceWatch({
      prove: async () => {
        const active = await getActiveProfile(this.deps.env);
        return proveOffice({ ...(active?.profile.office ? { office: active.profile.office } : {}), tunnelAddresses: active?.profile.tunnel.address ?? [] });
      },
      onChange: (now) => {
        if (now === 'office' || this.placeWatch !== watch) return;
        this.deps.log.info('left the office');
        watch.stop();
        this.placeWatch = null;
        // Undo the office connect first: its mounts were made from the office network and do not survive the move.
        void this.disconnect()
          .then(() => this.deps.autoConnect?.() ?? false)
          .then((auto) => (auto ? this.connect() : undefined))
          .catch((err: unknown) => {
            this.deps.log.warn('after leaving the office', asUserError(err).toData());
          });
      },
    });
    this.placeWatch = watch;
    void watch.start();
  }

  /** The computer woke from sleep (main's powerMonitor): the place may have changed. */
  resumed(): void {
    void this.placeWatch?.resume();
  }

  /** One look at the tunnel (the watch): notices a vanished tunnel, a silent office, and its return. */
  async refresh(): Promise<SessionSnapshot> {
    if (this.busy) return this.session;
    const s = this.session;
    // In the office there is no tunnel to watch; the place watch notices leaving.
    if (s.place === 'office') return s;
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

  /** While connected: maps again a drive the OS dropped (at most every 30 s). */
  private lastHeal = 0;
  private async healDroppedDrives(): Promise<void> {
    const now = this.now().getTime();
    if (now - this.lastHeal < 30_000) return;
    this.lastHeal = now;
    const active = await getActiveProfile(this.deps.env, { now: this.now() }).catch(() => null);
    if (!active) return;
    const errors = await healOffice(
      this.officeOptions({
        onDrive: (e) => {
          if ('outcome' in e && e.outcome.status === 'mapped') this.deps.log.info(`drive ${e.letter}: was dropped by the system, mapped again`);
        },
      }),
      { profile: active.profile, fingerprint: active.fingerprint, secrets: [] },
    );
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
