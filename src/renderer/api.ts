/** The renderer's side of IPC: `window.hoc` from the preload, and errors as values. */
import type { UserErrorData } from '../shared/errors';
import type { HocApi, IpcResult } from '../shared/ipc';

declare global {
  interface Window {
    readonly hoc?: HocApi;
  }
}

/** The API the preload exposed; null when the page runs without it. */
export function getApi(): HocApi | null {
  return window.hoc ?? null;
}

/** An invoke that answered with an error for the user. */
export class CallError extends Error {
  constructor(readonly data: UserErrorData) {
    super(data.code);
  }
}

/** The value of a result, or a CallError. */
export async function unwrap<T>(result: Promise<IpcResult<T>>): Promise<T> {
  const r = await result;
  if (!r.ok) throw new CallError(r.error);
  return r.value;
}

/** The user error inside anything a call threw. */
export function errorData(err: unknown): UserErrorData {
  if (err instanceof CallError) return err.data;
  return { code: 'error.internal', params: { detail: err instanceof Error ? err.message : String(err) } };
}

/** Base64 of bytes, without Node. */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
