/**
 * The dashboard's one summary line: what is ready, or the first thing that is
 * not and whom to call. Pure, so the renderer shows it and a test proves it.
 */
import type { MessageKey, MessageParams } from './i18n';
import type { ProfileView, SessionSnapshot } from './ipc';

/** A catalogue message: key and parameters. */
export interface SummaryLine {
  readonly key: MessageKey;
  readonly params: MessageParams;
}

/** "P: Projekte, Q: Pläne und Plotter" — the list joined as a sentence in `and` (the catalogue's word). */
function joined(items: readonly string[], and: string): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} ${and} ${items[items.length - 1] ?? ''}`;
}

/** The summary for a connected (or failed) session; null while nothing is to say (idle, connecting). */
export function dashboardSummary(session: SessionSnapshot, profile: ProfileView, and: string): SummaryLine | null {
  const support = { support: profile.support.name, phone: profile.support.phone };
  if (session.phase === 'ready' || session.phase === 'office') {
    const things = [...profile.drives.map((d) => `${d.letter}: ${d.label}`), ...profile.printers.map((p) => p.label)];
    return things.length ? { key: 'ui.summary.ready', params: { things: joined(things, and) } } : { key: 'ui.summary.readyPlain', params: {} };
  }
  if (session.phase === 'degraded') {
    const failed = session.checks?.find((c) => c.status === 'fail');
    if (failed) return { key: 'ui.summary.serviceDown', params: { label: failed.label, ...support } };
    return { key: 'ui.summary.degraded', params: support };
  }
  return null;
}
