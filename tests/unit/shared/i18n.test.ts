import { describe, expect, it } from 'vitest';
import { de } from '../../../src/shared/i18n/de';
import { en } from '../../../src/shared/i18n/en';
import { langFromLocale, t } from '../../../src/shared/i18n';

describe('message catalogues', () => {
  it('have the same keys in German and English, none empty', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(de).sort());
    for (const [key, value] of [...Object.entries(de), ...Object.entries(en)]) expect(value.trim(), key).not.toBe('');
  });
  it('use the same placeholders in both languages', () => {
    const names = (s: string) => [...new Set([...s.matchAll(/\{(\w+)(?:\}|, plural,)/g)].map((m) => m[1]))].sort();
    for (const key of Object.keys(de) as (keyof typeof de)[]) expect(names(en[key]), key).toEqual(names(de[key]));
  });
  it('fills placeholders and picks German only for German locales', () => {
    expect(t('de', 'status.connected', { org: 'Büro' })).toBe('Verbunden mit Büro');
    expect(langFromLocale('de_DE.UTF-8')).toBe('de');
    expect(langFromLocale('de-AT')).toBe('de');
    expect(langFromLocale('en_US.UTF-8')).toBe('en');
    expect(langFromLocale('dexx')).toBe('en');
    expect(langFromLocale(undefined)).toBe('en');
  });
  it('picks plural forms with Intl.PluralRules in both languages', () => {
    expect(t('de', 'ui.import.contents', { services: 1, drives: 1, printers: 1 })).toBe('Enthält 1 Dienst, 1 Netzlaufwerk und 1 Drucker.');
    expect(t('de', 'ui.import.contents', { services: 8, drives: 0, printers: 2 })).toBe('Enthält 8 Dienste, 0 Netzlaufwerke und 2 Drucker.');
    expect(t('en', 'ui.import.contents', { services: 1, drives: 2, printers: 1 })).toBe('Contains 1 service, 2 network drives and 1 printer.');
  });
});
