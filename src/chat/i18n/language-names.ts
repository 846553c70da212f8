import { LOCALES, type Locale } from '../../core/roster/team.js';

const names = new Map<Locale, Intl.DisplayNames>();

/**
 * A language's name in the reader's language ("Russian", "русский"), from the platform's ICU
 * data: a new language needs no name entry in every other language's catalog.
 */
export function languageName(of: Locale, locale: Locale): string {
  let n = names.get(locale);
  if (!n) names.set(locale, (n = new Intl.DisplayNames([locale], { type: 'language', fallback: 'code' })));
  return n.of(of) ?? of;
}

/** The choices a locale setting has, as the reader's language lists them: "en or ru", "en или ru". */
export function localeChoices(locale: Locale): string {
  return new Intl.ListFormat(locale, { type: 'disjunction' }).format(LOCALES);
}

/** Every language's name in every language, as typed ("russian", "русский") → its code. */
export function languageWords(): Record<string, Locale> {
  return Object.fromEntries(
    LOCALES.flatMap((reader) => LOCALES.map((l) => [languageName(l, reader).toLowerCase(), l] as const)),
  );
}
