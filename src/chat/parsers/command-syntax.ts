import { validationError } from '../../core/errors.js';

/** A lead reference as people type it: "L-12", "l12", "#12", "12". */
export const LEAD_REF = /^(?:L-?|#)?\d{1,9}$/i;

/** Words for "show me how": `/lead help`, `/kpi ?`, `/team помощь`. */
export const HELP_WORDS = ['help', 'помощь', 'справка', '?'];

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

const LANGUAGE_WORDS: Record<string, string> = {
  english: 'en',
  английский: 'en',
  англ: 'en',
  russian: 'ru',
  русский: 'ru',
  рус: 'ru',
};

/** A language as typed — "ru", "русский", "English" — as a locale code (unknown words pass through). */
export function localeWord(typed: string): string {
  const w = typed.trim().toLowerCase();
  return LANGUAGE_WORDS[w] ?? w;
}
