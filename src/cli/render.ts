/** Turns session events and errors into the CLI's lines, in the user's language. */
import { UserError, type UserErrorData } from '../shared/errors';
import { t, type Lang } from '../shared/i18n';
import { CONNECT_STEPS, stepLabelKey, type StepEvent } from '../shared/session';

/** One progress line per finished step: `[2/6] VPN-Tunnel aufbauen … ok (45 ms)`. */
export function renderStepEvent(event: StepEvent, lang: Lang): string | null {
  if (event.state === 'running') return null;
  const index = CONNECT_STEPS.indexOf(event.step) + 1;
  const label = t(lang, stepLabelKey(event.step));
  const state = t(lang, `step.state.${event.state}`);
  const ms = event.ms !== undefined ? ` (${event.ms} ms)` : '';
  const why = event.error ? `: ${UserError.fromData(event.error).localized(lang)}` : '';
  return `[${index}/${CONNECT_STEPS.length}] ${label} … ${state}${ms}${why}`;
}

/** An error as the one line a person reads. */
export function renderError(error: UserErrorData | UserError, lang: Lang): string {
  const e = error instanceof UserError ? error : UserError.fromData(error);
  return e.localized(lang);
}

/** Bytes as a short human figure (1.2 MB). */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(1)} ${units[i]}`;
}
