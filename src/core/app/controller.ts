/**
 * The app's main-process logic without Electron: one handler per invoke
 * channel of `shared/ipc`, and the events (snapshots, steps) main forwards
 * to the renderer. Electron's shell (src/main) and the UI tests both drive
 * exactly this class.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { asUserError, UserError } from '../../shared/errors';
import { langFromLocale } from '../../shared/i18n';
import type {
  AppSettings,
  AppSnapshot,
  ChannelInfo,
  IpcGroup,
  IpcHandlers,
  IpcResult,
  IpcSchema,
  NotifyKeys,
  PayloadOf,
  ProfileView,
  SessionSnapshot,
} from '../../shared/ipc';
import { hocHome, helperSocketPath } from '../paths';
import { defaultSecretStores, getActiveProfile, listProfiles, preimportOnFirstStart, removeProfile, withFileConsent } from '../profile';
import type { SecretStores } from '../profile';
import type { StoredProfile } from '../../shared/profile/types';
import type { OfficeOptions } from '../stages';
import { createDiagnosticsPackage } from '../diagnostics/package';
import { printTestPage } from '../printers';
import { ImportFlow } from './import-flow';
import { SessionControl } from './session-control';
import type { ImportSource } from './import-source';
import { forgetOfficeAccount, loadOfficeAccount, saveOfficeAccount } from '../account';
import { requestSchemas } from './requests';
import { readSettings, writeSettings } from './settings';
import { isSupportLink } from './support-links';
import { profileView, summaryView } from './views';

/** A typed event for one notify channel. */
export type AppEvent = {
  [G in IpcGroup]: { [K in NotifyKeys<IpcSchema[G]>]: { group: G; key: K; value: PayloadOf<IpcSchema[G][K]> } }[NotifyKeys<IpcSchema[G]>];
}[IpcGroup];

/** Where the controller writes what it did (main: electron-log with redaction). */
export interface AppLog {
  info(message: string, data?: unknown): void;
  warn(message: string, data?: unknown): void;
  error(message: string, data?: unknown): void;
}

export interface AppControllerOptions {
  readonly env: NodeJS.ProcessEnv;
  readonly version: string;
  readonly platform: NodeJS.Platform;
  /** The OS's locale (`app.getLocale()`); German systems get German. */
  readonly systemLocale: string;
  readonly secrets?: SecretStores;
  readonly now?: () => Date;
  /** Replaces parts of the office pipeline (tests: the checks, the OS adapter, name resolution). */
  readonly office?: Pick<OfficeOptions, 'runChecks' | 'platform' | 'resolve'>;
  readonly printTestPage?: (printer: string) => Promise<void>;
  /** Writes a diagnostics package and answers its path (default: core/diagnostics into `diagnosticsDir`). */
  readonly createDiagnostics?: () => Promise<string>;
  /** Where the default diagnostics package goes (main: the Downloads folder); default the home folder. */
  readonly diagnosticsDir?: string;
  /** Called after settings changed (main updates the login item). */
  readonly onSettingsChanged?: (settings: AppSettings) => void;
  readonly log?: AppLog;
  /** How long the dns step waits for the first handshake (tests shorten it). */
  readonly dnsWaitMs?: number;
}

const silent: AppLog = { info: () => {}, warn: () => {}, error: () => {} };


/** The main-process logic behind every IPC channel. */
export class AppController {
  readonly handlers: IpcHandlers;
  private readonly listeners = new Set<(event: AppEvent) => void>();
  private readonly log: AppLog;
  private readonly home: string;
  private readonly secrets: SecretStores;
  private readonly sessions: SessionControl;
  private settings: AppSettings | null = null;
  private readonly imports: ImportFlow;
  private profileCache: { view: ProfileView | null; error: AppSnapshot['profileError']; support: StoredProfile['support'] | null } | null = null;

  constructor(private readonly opts: AppControllerOptions) {
    this.log = opts.log ?? silent;
    this.home = hocHome(opts.env, opts.platform);
    this.secrets = opts.secrets ?? defaultSecretStores(opts.env);
    this.sessions = new SessionControl({
      env: opts.env,
      home: this.home,
      secrets: this.secrets,
      now: () => this.now(),
      helperDeps: () => this.helperDeps(),
      log: this.log,
      autoConnect: async () => (await this.currentSettings()).autoConnect,
      changed: (session) => this.emit({ group: 'session', key: 'changed', value: session }),
      step: (event) => this.emit({ group: 'session', key: 'step', value: event }),
      profileFailed: () => {
        this.profileCache = null;
      },
      office: { ...opts.office, ...(opts.dnsWaitMs !== undefined ? { dnsWaitMs: opts.dnsWaitMs } : {}) },
    });
    this.imports = new ImportFlow({
      log: this.log,
      now: () => this.now(),
      storeOptions: () => this.storeOptions(),
      changed: async () => {
        await this.emitApp();
      },
      imported: () => {
        this.profileCache = null;
      },
    });
    this.handlers = {
      app: {
        snapshot: () => this.appSnapshot(),
        setSettings: (patch) => this.setSettings(patch),
      },
      profile: {
        preview: (req) => this.imports.previewBytes(req.fileName, Buffer.from(req.dataBase64, 'base64')),
        confirm: (req) => this.imports.confirm(req.token).then(() => this.appSnapshot()),
        choose: () => this.imports.show({ kind: 'choose' }).then(() => this.appSnapshot()),
        dismiss: () => this.imports.show(null).then(() => this.appSnapshot()),
        remove: () => this.removeActiveProfile(),
      },
      session: {
        snapshot: () => this.sessionSnapshot(),
        connect: () => this.connect(),
        disconnect: () => this.disconnect(),
      },
      office: {
        saveSignIn: (req) => this.saveSignIn(req),
        forgetSignIn: () => this.forgetSignIn(),
      },
      printers: {
        testPage: async (req) => {
          const profile = (await this.profileState()).view;
          if (!profile?.printers.some((p) => p.name === req.name)) throw new UserError('ui.error.unknownPrinter', { name: req.name });
          await (this.opts.printTestPage ?? ((name: string) => printTestPage(name).then(() => undefined)))(req.name);
        },
      },
      support: {
        diagnostics: async () => ({ path: await (this.opts.createDiagnostics ?? (() => this.writeDiagnostics()))() }),
      },
    };
  }

  /** The default diagnostics package: a dated zip in the user's home folder, secrets removed. */
  private async writeDiagnostics(): Promise<string> {
    const stamp = (this.opts.now?.() ?? new Date()).toISOString().slice(0, 19).replace(/[:T]/g, '-');
    const out = join(this.opts.diagnosticsDir ?? homedir(), `HomeOffice-Connect-Diagnose-${stamp}.zip`);
    await createDiagnosticsPackage({ env: this.opts.env, appVersion: this.opts.version, out });
    return out;
  }

  /** Validates a request for an invoke channel, runs its handler, and answers a result (never throws). */
  async invoke(channel: Pick<ChannelInfo, 'group' | 'key'>, request: unknown): Promise<IpcResult<unknown>> {
    const schemas = requestSchemas[channel.group] as Record<string, { safeParse(v: unknown): { success: boolean; data?: unknown } } | undefined>;
    const handlers = this.handlers[channel.group] as Record<string, ((req: unknown) => Promise<unknown>) | undefined>;
    const schema = Object.hasOwn(schemas, channel.key) ? schemas[channel.key] : undefined;
    const handler = Object.hasOwn(handlers, channel.key) ? handlers[channel.key] : undefined;
    if (!schema || !handler) return { ok: false, error: new UserError('error.usage', { detail: 'unknown channel' }).toData() };
    const parsed = schema.safeParse(request);
    if (!parsed.success) {
      this.log.warn(`refused request on ${channel.group}.${channel.key}: invalid`);
      return { ok: false, error: new UserError('error.usage', { detail: `${channel.group}.${channel.key}` }).toData() };
    }
    try {
      return { ok: true, value: await handler(parsed.data) };
    } catch (err) {
      const e = asUserError(err);
      this.log.warn(`${channel.group}.${channel.key} failed: ${e.code}`, { params: e.params, detail: e.detail });
      return { ok: false, error: e.toData() };
    }
  }

  /** Listens to every event for the renderer; returns the unsubscribe function. */
  subscribe(listener: (event: AppEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(event: AppEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (err) {
        this.log.error('event listener failed', err);
      }
    }
  }

  private async emitApp(): Promise<AppSnapshot> {
    const snapshot = await this.appSnapshot();
    this.emit({ group: 'app', key: 'changed', value: snapshot });
    return snapshot;
  }


  private now(): Date {
    return this.opts.now?.() ?? new Date();
  }

  private storeOptions() {
    return { env: this.opts.env, now: this.now(), helper: { socketPath: helperSocketPath(this.opts.env, this.opts.platform) } };
  }

  private helperDeps() {
    return { home: this.home, helper: { socketPath: helperSocketPath(this.opts.env, this.opts.platform) } };
  }

  // ---------------------------------------------------------------- app state

  /** The current settings (read once from disk). */
  async currentSettings(): Promise<AppSettings> {
    return (this.settings ??= await readSettings(this.home));
  }

  /** The language the UI and the notifications use. */
  async lang(): Promise<'de' | 'en'> {
    const s = await this.currentSettings();
    return s.language === 'system' ? langFromLocale(this.opts.systemLocale) : s.language;
  }

  private async profileState(): Promise<NonNullable<AppController['profileCache']>> {
    if (this.profileCache) return this.profileCache;
    let state: NonNullable<AppController['profileCache']>;
    try {
      let active = await getActiveProfile(this.opts.env, { now: this.now() });
      // First start after a silent install: import the profile the installer left (signed by the key it pinned).
      if (!active && (await preimportOnFirstStart(this.storeOptions()))) active = await getActiveProfile(this.opts.env, { now: this.now() });
      state = active
        ? { view: profileView(active.profile, active.fingerprint), error: null, support: active.profile.support }
        : { view: null, error: null, support: null };
    } catch (err) {
      // Expired, damaged or key missing: show what is known and why it cannot be used.
      const summaries = await listProfiles(this.storeOptions()).catch(() => []);
      const summary = summaries.find((s) => s.active) ?? summaries[0];
      state = { view: summary ? summaryView(summary) : null, error: asUserError(err).toData(), support: null };
    }
    return (this.profileCache = state);
  }

  /** Everything outside the session the UI shows. */
  async appSnapshot(): Promise<AppSnapshot> {
    const [settings, lang, profile] = await Promise.all([this.currentSettings(), this.lang(), this.profileState()]);
    const officeSignIn = profile.view ? await loadOfficeAccount(profile.view.orgId, this.secrets).then((found) => (found ? { user: found.account.user, domain: found.account.domain } : null), () => null) : null;
    return {
      version: this.opts.version,
      platform: this.opts.platform,
      lang,
      systemLang: langFromLocale(this.opts.systemLocale),
      settings,
      profile: profile.view,
      profileError: profile.error,
      officeSignIn,
      pendingImport: this.imports.pending,
    };
  }

  private async setSettings(patch: Partial<AppSettings>): Promise<AppSnapshot> {
    const next: AppSettings = { ...(await this.currentSettings()), ...patch };
    await writeSettings(this.home, next);
    this.settings = next;
    this.opts.onSettingsChanged?.(next);
    this.log.info('settings changed', next);
    return this.emitApp();
  }

  /** True when `url` is one of the support links the app built (main opens only those outside). */
  async isSupportLink(url: string): Promise<boolean> {
    return isSupportLink(url, (await this.profileState()).support);
  }

  // ---------------------------------------------------------------- import

  /** Opens the import screen for a file or link the OS handed to the app. */
  openImport(source: ImportSource): Promise<void> {
    return this.imports.open(source);
  }

  private async removeActiveProfile(): Promise<AppSnapshot> {
    if (this.sessions.inUse()) throw new UserError('ui.error.disconnectFirst');
    const profile = (await this.profileState()).view;
    if (!profile) throw new UserError('error.profile.notFound');
    await removeProfile(profile.orgId, this.storeOptions());
    await forgetOfficeAccount(profile.orgId, this.secrets);
    this.log.info('profile removed', { org: profile.orgId });
    this.profileCache = null;
    return this.emitApp();
  }

  // ---------------------------------------------------------------- office sign-in

  private async saveSignIn(req: { user: string; domain: string; password: string; storeInFile?: boolean }): Promise<AppSnapshot> {
    const profile = (await this.profileState()).view;
    if (!profile) throw new UserError('error.profile.notFound');
    const { storeInFile, ...signIn } = req;
    await saveOfficeAccount(profile.orgId, signIn, withFileConsent(this.secrets, storeInFile));
    this.log.info('office sign-in saved', { org: profile.orgId, user: req.user.trim() });
    return this.emitApp();
  }

  private async forgetSignIn(): Promise<AppSnapshot> {
    const profile = (await this.profileState()).view;
    if (profile) await forgetOfficeAccount(profile.orgId, this.secrets);
    return this.emitApp();
  }

  // ---------------------------------------------------------------- session

  /** The session as it is now; the first call asks the helper what is up. */
  sessionSnapshot(): Promise<SessionSnapshot> {
    return this.sessions.sessionSnapshot();
  }

  /** Connects with the imported profile, emitting a step event per step. */
  connect(): Promise<SessionSnapshot> {
    return this.sessions.connect();
  }

  /** Disconnects and undoes what the connect added. */
  disconnect(): Promise<SessionSnapshot> {
    return this.sessions.disconnect();
  }

  /** One look at the tunnel (the watch). */
  refresh(): Promise<SessionSnapshot> {
    return this.sessions.refresh();
  }

  /** Starts the watch (main only; the UI never polls). */
  startWatch(intervalMs: number): void {
    this.sessions.startWatch(intervalMs);
  }

  /** The computer woke from sleep: the place may have changed. */
  resumed(): void {
    this.sessions.resumed();
  }

  stopWatch(): void {
    this.sessions.stopWatch();
  }
}
