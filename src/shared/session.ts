/**
 * The connect state machine's vocabulary, shared by core (which drives it),
 * the CLI and the renderer (which show it).
 * idle → tunnel → dns → services → drives → printers → ready, or degraded / error.
 */
import type { UserErrorData } from './errors';
import type { MessageKey } from './i18n';

export const CONNECT_STEPS = ['profile', 'tunnel', 'dns', 'services', 'drives', 'printers'] as const;
export type ConnectStep = (typeof CONNECT_STEPS)[number];

/** Where the computer is (docs/office.md): in the office (no tunnel needed, proven by the pinned key) or anywhere else. */
export type Place = 'office' | 'home';

export type StepState = 'running' | 'ok' | 'failed' | 'skipped';

/** One line of progress: a step changed state. */
export interface StepEvent {
  readonly step: ConnectStep;
  readonly state: StepState;
  /** Milliseconds the step took (set when it ends). */
  readonly ms?: number;
  /** What went wrong, when it failed. */
  readonly error?: UserErrorData;
}

/** True while a connect holds (through the tunnel or directly in the office): the one definition the app, the tray and the dashboard use. */
export function isConnected(s: { readonly phase: string }): boolean {
  return s.phase === 'ready' || s.phase === 'office' || s.phase === 'degraded';
}

/** The catalogue key that names a step. */
export function stepLabelKey(step: ConnectStep): MessageKey {
  return `step.${step}`;
}
