/**
 * Every channel between renderer and main, declared once. The preload's API,
 * the main-process registration and the renderer client are generated from
 * this object; a channel that is not here does not exist.
 */
import type { StepEvent, ConnectStep, StepState, Place } from './session';
import type { TunnelStatus } from './helper-protocol';
import type { UserErrorData } from './errors';
import type { CheckResult } from './checks';
import type { Lang } from './i18n';

/** A request/response channel (renderer → main). */
export interface Invoke<Req, Res> {
  readonly kind: 'invoke';
  readonly __types?: [Req, Res];
}
/** An event channel (main → renderer). */
export interface Notify<T> {
  readonly kind: 'notify';
  readonly __type?: T;
}
const invoke = <Req, Res>(): Invoke<Req, Res> => ({ kind: 'invoke' });
const notify = <T>(): Notify<T> => ({ kind: 'notify' });

/**
 * What every invoke answers across the boundary: the value, or an error for
 * a person (never a stack). Errors are values, so they survive any transport.
 */
export type IpcResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: UserErrorData };

/** One step of the connect progress as the dashboard shows it. */
export interface StepView {
  readonly state: StepState | 'pending';
  readonly ms: number | null;
  readonly error: UserErrorData | null;
}

/** A snapshot of everything the dashboard shows; events update it afterwards. */
export interface SessionSnapshot {
  readonly phase: 'idle' | 'connecting' | 'ready' | 'office' | 'degraded' | 'error' | 'disconnecting';
  readonly status: TunnelStatus;
  readonly orgName: string | null;
  readonly error: UserErrorData | null;
  readonly steps: Readonly<Record<ConnectStep, StepView>>;
  /** The service checks of the last connect; null before one ran (or while no checks stage exists). */
  readonly checks: readonly CheckResult[] | null;
  /** `stale`: the tunnel is up but the office has not answered for minutes. */
  readonly health: 'unknown' | 'good' | 'stale';
  /** Where the last connect found the computer (docs/office.md); `office`: no tunnel, drives and printers direct. */
  readonly place: Place;
}

/** `system` follows the operating system's language. */
export type LanguageSetting = 'system' | Lang;

export interface AppSettings {
  readonly language: LanguageSetting;
  /** Start at login and connect right away. */
  readonly autoConnect: boolean;
}

/** The IT service's contact, with links the app built from validated values (null when invalid). */
export interface SupportView {
  readonly name: string;
  readonly phone: string;
  readonly email: string;
  readonly hours: string;
  readonly telHref: string | null;
  readonly mailtoHref: string | null;
}

/** The imported profile as the UI shows it; never a key. */
export interface ProfileView {
  readonly orgId: string;
  readonly orgName: string;
  readonly domain: string;
  readonly userName: string;
  readonly userRole: string;
  readonly fingerprint: string;
  readonly serial: number;
  readonly expiresAt: string;
  readonly support: SupportView;
  readonly services: readonly { readonly id: string; readonly label: string; readonly kind: string }[];
  readonly drives: readonly { readonly letter: string; readonly label: string; readonly share: string }[];
  readonly printers: readonly { readonly name: string; readonly label: string }[];
}

/** A verified profile waiting for the user's confirmation. */
export interface ImportPreview {
  /** Names the verified profile kept in main; the renderer never holds its bytes after sending them. */
  readonly token: string;
  readonly fileName: string;
  readonly orgName: string;
  readonly domain: string;
  readonly userName: string;
  readonly userRole: string;
  readonly support: SupportView;
  readonly fingerprint: string;
  readonly serial: number;
  readonly expiresAt: string;
  readonly plan: 'first' | 'update';
  readonly currentSerial: number | null;
  readonly counts: { readonly services: number; readonly drives: number; readonly printers: number };
}

/** What the import screen shows: a profile to confirm, or why a file was refused. */
export type PendingImport =
  | { readonly kind: 'preview'; readonly preview: ImportPreview }
  | { readonly kind: 'refused'; readonly fileName: string; readonly error: UserErrorData }
  | { readonly kind: 'choose' };

/** The office sign-in for the drives; the password never leaves main. */
export interface OfficeSignInView {
  readonly user: string;
  readonly domain: string;
}

/** Everything outside the session the UI shows. */
export interface AppSnapshot {
  readonly version: string;
  readonly platform: string;
  readonly lang: Lang;
  readonly systemLang: Lang;
  readonly settings: AppSettings;
  readonly profile: ProfileView | null;
  /** Why the imported profile cannot be used (expired, damaged …). */
  readonly profileError: UserErrorData | null;
  readonly officeSignIn: OfficeSignInView | null;
  /** Set by a file, a `hoc://` link, drag and drop or the file chooser; null when no import is open. */
  readonly pendingImport: PendingImport | null;
}

export const ipcSchema = {
  app: {
    snapshot: invoke<void, AppSnapshot>(),
    setSettings: invoke<Partial<AppSettings>, AppSnapshot>(),
    changed: notify<AppSnapshot>(),
  },
  profile: {
    /** Verifies a chosen or dropped file (base64 of its bytes) and opens it for confirmation. */
    preview: invoke<{ fileName: string; dataBase64: string }, ImportPreview>(),
    /** Imports the previewed profile; the helper keeps its keys, so no keychain question is asked. */
    confirm: invoke<{ token: string }, AppSnapshot>(),
    /** Opens the import screen without a file (update the profile). */
    choose: invoke<void, AppSnapshot>(),
    dismiss: invoke<void, AppSnapshot>(),
    remove: invoke<void, AppSnapshot>(),
  },
  session: {
    snapshot: invoke<void, SessionSnapshot>(),
    connect: invoke<void, SessionSnapshot>(),
    disconnect: invoke<void, SessionSnapshot>(),
    step: notify<StepEvent>(),
    changed: notify<SessionSnapshot>(),
  },
  office: {
    /** `storeInFile`: the user agreed, after the no-keychain question (`secret.fileConsentNeeded`), that the password may go into a file. */
    saveSignIn: invoke<{ user: string; domain: string; password: string; storeInFile?: boolean }, AppSnapshot>(),
    forgetSignIn: invoke<void, AppSnapshot>(),
  },
  printers: {
    testPage: invoke<{ name: string }, void>(),
  },
  support: {
    /** Writes a diagnostics package for the IT service and answers where it is. */
    diagnostics: invoke<void, { path: string }>(),
  },
} as const;

export type IpcSchema = typeof ipcSchema;
export type IpcGroup = keyof IpcSchema;

/** The channel name of `group.key`: `group-key`. Nobody writes channel strings by hand. */
export function channelName(group: string, key: string): string {
  return `${group}-${key}`;
}

/** Keys of a group's invoke channels. */
export type InvokeKeys<G> = { [K in keyof G]: G[K] extends Invoke<unknown, unknown> ? K : never }[keyof G];
/** Keys of a group's notify channels. */
export type NotifyKeys<G> = { [K in keyof G]: G[K] extends Notify<unknown> ? K : never }[keyof G];
/** The request type of an invoke channel. */
export type RequestOf<D> = D extends Invoke<infer Req, unknown> ? Req : never;
/** The response type of an invoke channel. */
export type ResponseOf<D> = D extends Invoke<unknown, infer Res> ? Res : never;
/** The payload type of a notify channel. */
export type PayloadOf<D> = D extends Notify<infer T> ? T : never;

type ApiOf<G> = {
  readonly [K in keyof G]: G[K] extends Invoke<infer Req, infer Res>
    ? [Req] extends [void]
      ? () => Promise<IpcResult<Res>>
      : (request: Req) => Promise<IpcResult<Res>>
    : G[K] extends Notify<infer T>
      ? (listener: (value: T) => void) => () => void
      : never;
};

/** The typed API the preload exposes to the renderer as `window.hoc`. */
export type HocApi = { readonly [G in keyof IpcSchema]: ApiOf<IpcSchema[G]> };

/** What main implements: one handler per invoke channel, with the schema's types. */
export type IpcHandlers = {
  readonly [G in keyof IpcSchema]: {
    readonly [K in InvokeKeys<IpcSchema[G]>]: (request: RequestOf<IpcSchema[G][K]>) => Promise<ResponseOf<IpcSchema[G][K]>>;
  };
};

export interface ChannelInfo {
  readonly group: IpcGroup;
  readonly key: string;
  readonly kind: 'invoke' | 'notify';
  readonly name: string;
}

/** Every channel of the schema with its kind, for generated registration and allow-lists. */
export function listChannels(): ChannelInfo[] {
  return Object.entries(ipcSchema).flatMap(([group, entries]) =>
    Object.entries(entries).map(([key, def]) => ({
      group: group as IpcGroup,
      key,
      kind: (def as { kind: 'invoke' | 'notify' }).kind,
      name: channelName(group, key),
    })),
  );
}
