/**
 * Pure rules about the connection as the app presents it: the tray colour,
 * when to tell the user that the connection dropped or came back, and
 * whether a tunnel that is up still hears from the office.
 */
import type { TunnelStatus } from '../../shared/helper-protocol';
import type { SessionSnapshot, StepView } from '../../shared/ipc';
import { CONNECT_STEPS, isConnected, type ConnectStep } from '../../shared/session';

/** WireGuard renews a session every 2 minutes while packets flow; 3 minutes of silence means the office is gone. */
export const STALE_HANDSHAKE_SECONDS = 180;

/** The error code the watch sets when the tunnel vanished under a running session. */
export const CONNECTION_LOST = 'ui.error.connectionLost' as const;

export type TrayState = 'off' | 'busy' | 'on' | 'warn' | 'error';

/** Colours of the tray icon per state (also used for the app icon's dot). */
export const TRAY_COLOURS: Readonly<Record<TrayState, readonly [number, number, number]>> = {
  off: [0x8a, 0x93, 0x9b],
  busy: [0x2f, 0x6f, 0xd6],
  on: [0x1f, 0x9d, 0x55],
  warn: [0xe0, 0x9b, 0x12],
  error: [0xd0, 0x3a, 0x2f],
};

/** Steps that have not run yet. */
export function pendingSteps(): Record<ConnectStep, StepView> {
  return Object.fromEntries(CONNECT_STEPS.map((s) => [s, { state: 'pending', ms: null, error: null }])) as Record<ConnectStep, StepView>;
}

/** `good` while the office answered recently, `stale` when the tunnel is up but silent. */
export function tunnelHealth(status: TunnelStatus, nowSeconds: number): SessionSnapshot['health'] {
  if (status.state !== 'up') return 'unknown';
  if (status.latestHandshake === null) {
    const since = Date.parse(status.since) / 1000;
    return Number.isFinite(since) && nowSeconds - since > STALE_HANDSHAKE_SECONDS ? 'stale' : 'unknown';
  }
  return nowSeconds - status.latestHandshake > STALE_HANDSHAKE_SECONDS ? 'stale' : 'good';
}

/** What the tray shows for a session. */
export function trayState(s: Pick<SessionSnapshot, 'phase' | 'health'>): TrayState {
  switch (s.phase) {
    case 'connecting':
    case 'disconnecting':
      return 'busy';
    case 'office':
      return 'on';
    case 'ready':
      return s.health === 'stale' ? 'warn' : 'on';
    case 'degraded':
      return 'warn';
    case 'error':
      return 'error';
    default:
      return 'off';
  }
}

const online = (s: Pick<SessionSnapshot, 'phase' | 'health'>): boolean => isConnected(s) && s.health !== 'stale';
const lost = (s: Pick<SessionSnapshot, 'phase' | 'health' | 'error'>): boolean =>
  s.health === 'stale' || (s.phase === 'error' && s.error?.code === CONNECTION_LOST);

/**
 * Whether a change of session deserves a notification: `dropped` when a
 * working connection went silent or vanished (not when the user
 * disconnected), `restored` when it came back.
 */
export function connectionNotice(
  prev: Pick<SessionSnapshot, 'phase' | 'health' | 'error'>,
  next: Pick<SessionSnapshot, 'phase' | 'health' | 'error'>,
): 'dropped' | 'restored' | null {
  if (online(prev) && lost(next)) return 'dropped';
  if (lost(prev) && online(next)) return 'restored';
  return null;
}
