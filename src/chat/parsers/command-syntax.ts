import { WORDS } from '../i18n/locales.js';
import { validationError } from '../../core/errors.js';

/** A lead reference as people type it: "L-12", "l12", "#12", "12". */
export const LEAD_REF = /^(?:L-?|#)?\d{1,9}$/i;

/** "Which lead? For example: /lead claim L-12" — a sub-command typed without its lead. */
export function whichLead(example: string): never {
  throw validationError([
    { field: 'lead', code: 'which_lead', message: `which lead? e.g. ${example}`, params: { example } },
  ]);
}

/** "Who? For example: /lead reassign L-12 @anna" — a sub-command typed without its person. */
export function whichPerson(example: string): never {
  throw validationError([
    { field: 'name', code: 'which_person', message: `who? e.g. ${example}`, params: { example } },
  ]);
}

/** Splits command text into words (any run of spaces or new lines). */
export function wordsOf(text: string): string[] {
  return text.trim().split(/\s+/).filter(Boolean);
}

/** The first word of command text, lower case ("" for none). */
export function firstWord(text: string): string {
  return (text.trim().split(/\s+/)[0] ?? '').toLowerCase();
}

/** A language as typed — "ru", "English", or its name in any language — as a locale code (unknown words pass through). */
export function localeWord(typed: string): string {
  const w = typed.trim().toLowerCase();
  return Object.hasOwn(WORDS.languages, w) ? WORDS.languages[w]! : w;
}
