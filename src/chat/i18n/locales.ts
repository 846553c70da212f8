import type { Locale } from '../../core/roster/team.js';
import { en } from './en/index.js';
import { languageWords } from './language-names.js';
import type { LocalePack } from './pack.js';
import { ru } from './ru/index.js';
import { mergeWords, type Words } from './words.js';

/**
 * Every language Baton speaks, one folder of tables each (`src/chat/i18n/<locale>/`). Keyed by
 * the core's `LOCALES`, so a locale added there without its folder does not compile.
 */
export const PACKS: Record<Locale, LocalePack> = { en, ru };

/**
 * Every language's input words in one table: people may type any language's words, and any
 * language's name in any language (the names come from ICU data, the short forms from `words.ts`).
 */
const merged = mergeWords(Object.values(PACKS).map((p) => p.words));
export const WORDS: Words = { ...merged, languages: { ...languageWords(), ...merged.languages } };
