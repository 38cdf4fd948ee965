/** The UI's language as a React context: every string comes from the catalogues. */
import { createContext, useContext } from 'react';
import { t, type Lang, type MessageKey, type MessageParams } from '../shared/i18n';
import type { UserErrorData } from '../shared/errors';

export const LangContext = createContext<Lang>('de');

/** A translate function for the current language. */
export function useT() {
  const lang = useContext(LangContext);
  const tr = (key: MessageKey, params?: MessageParams) => t(lang, key, params);
  return Object.assign(tr, { lang, error: (e: UserErrorData) => t(lang, e.code, e.params) });
}

/** A date as the user reads it (`28. November 2027`). */
export function formatDate(lang: Lang, iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : new Intl.DateTimeFormat(lang === 'de' ? 'de-DE' : 'en-GB', { dateStyle: 'long' }).format(d);
}

/** Bytes in a readable unit. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}
