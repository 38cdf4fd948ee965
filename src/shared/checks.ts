/**
 * The vocabulary of the office service checks, shared by core (which runs
 * them), the CLI and the renderer (which show them). No Node here.
 */
import { t, type Lang, type MessageKey, type MessageParams } from './i18n';
import type { ServiceKind } from './profile/types';

/** ok: works; warn: works with a problem worth knowing; fail: does not work. */
export type CheckStatus = 'ok' | 'warn' | 'fail';

/** What was checked: a profile service kind, or the tunnel itself. */
export type CheckKind = ServiceKind | 'tunnel';

/** A catalogue key with its parameters; rendered in the user's language at the edge. */
export interface CheckMessage {
  readonly code: MessageKey;
  readonly params: MessageParams;
}

/** The verdict on one service (or the tunnel), as plain JSON. */
export interface CheckResult {
  /** The service id from the profile (`tunnel` and `dns` for the built-in checks). */
  readonly id: string;
  readonly kind: CheckKind;
  /** The label from the profile, as the user knows the service. */
  readonly label: string;
  readonly status: CheckStatus;
  /** How long the check took until its verdict, in milliseconds. */
  readonly latencyMs: number;
  /** What was found, in plain language. */
  readonly message: CheckMessage;
  /** What the user should do next. */
  readonly nextStep: CheckMessage;
  /** The IT service's phone number, set when the user cannot fix this themselves. */
  readonly supportPhone?: string;
  /** Technical detail for the log and for support; never the main message. */
  readonly detail?: string;
}

const ORDER: Readonly<Record<CheckStatus, number>> = { ok: 0, warn: 1, fail: 2 };

/** The worst status of a set of results (`ok` for none). */
export function worstStatus(results: readonly Pick<CheckResult, 'status'>[]): CheckStatus {
  let worst: CheckStatus = 'ok';
  for (const r of results) if (ORDER[r.status] > ORDER[worst]) worst = r.status;
  return worst;
}

/** A check result with its texts rendered in one language (for --json and the UI). */
export interface RenderedCheck {
  readonly id: string;
  readonly kind: CheckKind;
  readonly label: string;
  readonly status: CheckStatus;
  readonly latencyMs: number;
  readonly message: string;
  readonly nextStep: string;
  readonly supportPhone?: string;
  readonly detail?: string;
}

/** Renders a result's message and next step in the given language. */
export function renderCheck(result: CheckResult, lang: Lang): RenderedCheck {
  return {
    id: result.id,
    kind: result.kind,
    label: result.label,
    status: result.status,
    latencyMs: result.latencyMs,
    message: t(lang, result.message.code, result.message.params),
    nextStep: t(lang, result.nextStep.code, result.nextStep.params),
    ...(result.supportPhone !== undefined ? { supportPhone: result.supportPhone } : {}),
    ...(result.detail !== undefined ? { detail: result.detail } : {}),
  };
}
