import { de, type MessageKey } from './de';
import { en } from './en';

export type { MessageKey };
export type Lang = 'de' | 'en';
export type MessageParams = Readonly<Record<string, string | number>>;

const catalogues: Record<Lang, Record<MessageKey, string>> = { de, en };

const LOCALES: Record<Lang, string> = { de: 'de-DE', en: 'en-US' };
/** `{name, plural, one {# Laufwerk} other {# Laufwerke}}`: the ICU message form for plurals, one and other only. */
const PLURAL = /\{(\w+), plural, one \{([^{}]*)\} other \{([^{}]*)\}\}/g;

/** Picks the plural form for `count` in `lang` (Intl.PluralRules), `#` standing for the number. */
function plural(lang: Lang, count: number, one: string, other: string): string {
  return (new Intl.PluralRules(LOCALES[lang]).select(count) === 'one' ? one : other).replace(/#/g, String(count));
}

/** Renders a catalogue message: plural forms first, then `{name}` placeholders replaced with params. */
export function t(lang: Lang, key: MessageKey, params: MessageParams = {}): string {
  const template = catalogues[lang][key].replace(PLURAL, (whole, name: string, one: string, other: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? plural(lang, Number(params[name]), one, other) : whole,
  );
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
