import { de, type MessageKey } from './de';
import { en } from './en';

export type { MessageKey };
export type Lang = 'de' | 'en';
export type MessageParams = Readonly<Record<string, string | number>>;

const catalogues: Record<Lang, Record<MessageKey, string>> = { de, en };

/** Renders a catalogue message, replacing `{name}` placeholders with params. */
export function t(lang: Lang, key: MessageKey, params: MessageParams = {}): string {
  const template = catalogues[lang][key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
  );
}

/** Picks German for German locales (de, de-AT, de_CH.UTF-8 …), English otherwise. */
export function langFromLocale(locale: string | undefined | null): Lang {
  return locale && /^de([-_.]|$)/i.test(locale) ? 'de' : 'en';
}

/** True for a value that names a supported language. */
export function isLang(value: unknown): value is Lang {
  return value === 'de' || value === 'en';
}
