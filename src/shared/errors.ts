import { t, type Lang, type MessageKey, type MessageParams } from './i18n';

/**
 * An error meant for a person: a code (a catalogue key), the parameters for
 * its message, and a technical detail for the log that is never shown as the
 * main message. Errors are values that cross process boundaries as plain JSON.
 */
export interface UserErrorData {
  readonly code: MessageKey;
  readonly params: MessageParams;
  readonly detail?: string;
}

/** Thrown inside one process; serialise with `toData()` to cross a boundary. */
export class UserError extends Error {
  readonly code: MessageKey;
  readonly params: MessageParams;
  readonly detail: string | undefined;

  constructor(code: MessageKey, params: MessageParams = {}, detail?: string) {
    super(t('en', code, params));
    this.name = 'UserError';
    this.code = code;
    this.params = params;
    this.detail = detail;
  }

  /** The message in the given language. */
  localized(lang: Lang): string {
    return t(lang, this.code, this.params);
  }

  /** Plain data for JSON (helper protocol, IPC, --json output). */
  toData(): UserErrorData {
    return this.detail === undefined
      ? { code: this.code, params: this.params }
      : { code: this.code, params: this.params, detail: this.detail };
  }

  /** Rebuilds an error received from another process. */
  static fromData(data: UserErrorData): UserError {
    return new UserError(data.code, data.params, data.detail);
  }
}

/** Wraps anything thrown into a UserError, keeping UserErrors as they are. */
export function asUserError(err: unknown): UserError {
  if (err instanceof UserError) return err;
  const detail = err instanceof Error ? err.message : String(err);
  return new UserError('error.internal', { detail }, detail);
}
