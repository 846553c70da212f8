import { describe, expect, it } from '@jest/globals';
import { readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { LOCALES, localeFromTag, MUST_BE_LOCALE } from '../../../src/core/roster/team.js';
import { languageName } from '../../../src/chat/i18n/language-names.js';
import { problemText } from '../../../src/chat/interactions/errors.js';
import { localeWord } from '../../../src/chat/parsers/command-syntax.js';
import { catalogKeys, entryArguments } from '../../../src/chat/i18n/i18n.js';
import { PACKS, WORDS } from '../../../src/chat/i18n/locales.js';

const english = catalogKeys('en');

describe('every language is a folder of tables', () => {
  it.each(LOCALES.filter((l) => l !== 'en'))('%s has every English key and no other', (locale) => {
    const keys = new Set(catalogKeys(locale));
    expect(english.filter((k) => !keys.has(k))).toEqual([]);
    expect([...keys].filter((k) => !english.includes(k))).toEqual([]);
  });

  it.each(LOCALES.filter((l) => l !== 'en'))('%s takes the arguments English gives each message', (locale) => {
    // A translation may drop an argument (Russian omits what grammar says already) but never
    // ask for one the callers do not pass; declined names (`{am_dat}`) come from `am`.
    const base = (a: string) => a.replace(/_(gen|dat|acc|ins|pre)$/, '');
    const unknown = english.flatMap((k) => {
      const given = new Set(entryArguments('en', k).map(base));
      return entryArguments(locale, k)
        .filter((a) => !given.has(base(a)))
        .map((a) => `${k}: {${a}}`);
    });
    expect(unknown).toEqual([]);
  });

  it('has a folder for each locale and a locale for each folder', () => {
    const dir = fileURLToPath(new URL('../../../src/chat/i18n', import.meta.url));
    const folders = readdirSync(dir).filter((n) => statSync(`${dir}/${n}`).isDirectory());
    expect(folders.sort()).toEqual([...LOCALES].sort());
    expect(Object.keys(PACKS).sort()).toEqual([...LOCALES].sort());
  });

  it('reads every language’s words, whichever language the speaker has', () => {
    for (const pack of Object.values(PACKS)) {
      expect(pack.words.help.every((w) => WORDS.help.includes(w))).toBe(true);
      for (const [word, verb] of Object.entries(pack.words.leadVerbs)) expect(WORDS.leadVerbs[word]).toBe(verb);
    }
  });

  it('names each language in every language, and reads those names as typed', () => {
    // The names come from ICU data, so a new language needs no entry in the other catalogs.
    for (const locale of LOCALES)
      for (const other of LOCALES) {
        const name = languageName(other, locale);
        expect(name).not.toBe(other);
        expect(localeWord(name.toUpperCase())).toBe(other);
      }
    expect(languageName('ru', 'en')).toBe('Russian');
    expect(languageName('en', 'ru')).toBe('английский');
    expect(localeWord('рус')).toBe('ru');
  });

  it('lists the locale choices from LOCALES in the reader’s language', () => {
    expect(problemText('en', 'invalid_locale')).toBe('must be en or ru');
    expect(problemText('ru', 'invalid_locale')).toBe('должно быть: en или ru');
    expect(MUST_BE_LOCALE).toBe('must be en or ru');
  });

  it('takes a platform’s language tag as a locale it speaks, else the fallback', () => {
    expect(localeFromTag('ru-RU', 'en')).toBe('ru');
    expect(localeFromTag('en_US', 'ru')).toBe('en');
    expect(localeFromTag('de', 'ru')).toBe('ru');
    expect(localeFromTag(undefined, 'ru')).toBe('ru');
  });
});
