/**
 * Every channel between renderer and main, declared once. The preload's API,
 * the main-process registration and the renderer client are generated from
 * this object; a channel that is not here does not exist.
 */
import type { StepEvent } from './session';
import type { TunnelStatus } from './helper-protocol';
import type { UserErrorData } from './errors';

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

/** A snapshot of everything the dashboard shows; events update it afterwards. */
export interface SessionSnapshot {
  readonly phase: 'idle' | 'connecting' | 'ready' | 'degraded' | 'error' | 'disconnecting';
  readonly status: TunnelStatus;
  readonly orgName: string | null;
  readonly error: UserErrorData | null;
}

export const ipcSchema = {
  session: {
    snapshot: invoke<void, SessionSnapshot>(),
    connect: invoke<void, SessionSnapshot>(),
    disconnect: invoke<void, SessionSnapshot>(),
    step: notify<StepEvent>(),
    changed: notify<SessionSnapshot>(),
  },
  app: {
    locale: invoke<void, string>(),
  },
} as const;

export type IpcSchema = typeof ipcSchema;

/** The channel name of `group.key`: `group-key`. Nobody writes channel strings by hand. */
export function channelName(group: string, key: string): string {
  return `${group}-${key}`;
}

type ApiOf<G> = {
  readonly [K in keyof G]: G[K] extends Invoke<infer Req, infer Res>
    ? Req extends void
      ? () => Promise<Res>
      : (request: Req) => Promise<Res>
    : G[K] extends Notify<infer T>
      ? (listener: (value: T) => void) => () => void
      : never;
};

/** The typed API the preload exposes to the renderer as `window.hoc`. */
export type HocApi = { readonly [G in keyof IpcSchema]: ApiOf<IpcSchema[G]> };

/** Every channel of the schema with its kind, for generated registration and allow-lists. */
export function listChannels(): { group: string; key: string; kind: 'invoke' | 'notify'; name: string }[] {
  return Object.entries(ipcSchema).flatMap(([group, entries]) =>
    Object.entries(entries).map(([key, def]) => ({ group, key, kind: (def as { kind: 'invoke' | 'notify' }).kind, name: channelName(group, key) })),
  );
}
