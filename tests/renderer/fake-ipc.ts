/**
 * A fake main process for the renderer tier (like Mullvad's mocked-utils):
 * one handler per invoke channel, typed by the IPC schema (`IpcHandlers`, so a
 * channel added to the schema fails to compile here until the fake answers
 * it), and notify events pushed to the page. The renderer's `window.hoc` is
 * the one tests/ui/harness builds from `listChannels()`, as the preload does.
 */
import { listChannels, type AppSnapshot, type IpcHandlers, type ProfileView, type SessionSnapshot } from '../../src/shared/ipc';
import { asUserError } from '../../src/shared/errors';
import { CONNECT_STEPS } from '../../src/shared/session';
import type { Bridge } from '../ui/harness';

export interface FakeMain extends Bridge {
  /** Pushes a notify event (`session-step`, `session-changed` …) to the page. */
  emit(name: string, value: unknown): void;
}

/** A fake main answering every invoke channel through `handlers`. */
export function fakeMain(handlers: IpcHandlers): FakeMain {
  const listeners: ((name: string, value: unknown) => void)[] = [];
  const byName = new Map(listChannels().filter((c) => c.kind === 'invoke').map((c) => [c.name, c]));
  return {
    async invoke(name, request) {
      const c = byName.get(name);
      if (!c) return { ok: false, error: { code: 'error.usage', params: { detail: 'unknown channel' } } };
      const group = handlers[c.group] as Record<string, (r: unknown) => Promise<unknown>>;
      try {
        return { ok: true, value: await group[c.key]?.(request ?? undefined) };
      } catch (err) {
        return { ok: false, error: asUserError(err).toData() };
      }
    },
    control: async () => null,
    onEvent: (l) => listeners.push(l),
    stderr: () => '',
    stop: async () => undefined,
    emit: (name, value) => listeners.forEach((l) => l(name, value)),
  };
}

const SUPPORT = { name: 'IT-Service', phone: '+49 621 1234567', email: 'hilfe@it-service.example', hours: 'Mo–Fr 8–18 Uhr', telHref: 'tel:+496211234567', mailtoHref: 'mailto:hilfe@it-service.example' };

/** The imported profile as main shows it (the spec's example). */
export const PROFILE: ProfileView = {
  orgId: 'buero-mueller',
  orgName: 'Architekturbüro Müller',
  domain: 'buero.local',
  userName: 'Anna Schmidt',
  userRole: 'drafter',
  fingerprint: '3f2a 91c0 0000 0000 0000 0000 0000 0000',
  serial: 3,
  expiresAt: '2027-11-28T08:00:00Z',
  support: SUPPORT,
  services: [{ id: 'files', label: 'Dateiserver', kind: 'smb' }],
  drives: [{ letter: 'P', label: 'Projekte', share: '\\\\fs.buero.local\\projekte' }],
  printers: [{ name: 'Plotter-DesignJet', label: 'Plotter (DesignJet)' }],
};

/** The app snapshot with the profile imported, German. */
export function appSnapshot(patch: Partial<AppSnapshot> = {}): AppSnapshot {
  return {
    version: '0.0.0-renderer-test',
    platform: 'linux',
    lang: 'de',
    systemLang: 'de',
    settings: { language: 'system', autoConnect: false },
    profile: PROFILE,
    profileError: null,
    officeSignIn: { user: 'anna', domain: 'BUERO' },
    pendingImport: null,
    ...patch,
  };
}

/** A session snapshot, idle unless patched. */
export function sessionSnapshot(patch: Partial<SessionSnapshot> = {}): SessionSnapshot {
  const steps = Object.fromEntries(CONNECT_STEPS.map((s) => [s, { state: 'pending', ms: null, error: null }])) as unknown as SessionSnapshot['steps'];
  return { phase: 'idle', status: { state: 'down' }, orgName: null, error: null, steps, checks: null, health: 'unknown', place: 'home', ...patch };
}

/** Handlers for every channel: the given ones, the rest answering with the snapshots. */
export function handlers(app: AppSnapshot, session: SessionSnapshot, own: { session?: Partial<IpcHandlers['session']> } = {}): IpcHandlers {
  const appNow = async () => app;
  return {
    app: { snapshot: appNow, setSettings: appNow },
    profile: {
      preview: async () => {
        throw new Error('fake main: no preview');
      },
      confirm: appNow,
      choose: appNow,
      dismiss: appNow,
      remove: appNow,
    },
    session: { snapshot: async () => session, connect: async () => session, disconnect: async () => sessionSnapshot(), ...own.session },
    office: { saveSignIn: appNow, forgetSignIn: appNow },
    printers: { testPage: async () => undefined },
    support: { diagnostics: async () => ({ path: '/home/anna/Downloads/diag.zip' }) },
  };
}
