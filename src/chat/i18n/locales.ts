import type { Locale } from '../../core/roster/team.js';
import { en } from './en/index.js';
import type { LocalePack } from './pack.js';
import { ru } from './ru/index.js';
import { mergeWords } from './words.js';

/**
 * Every language Baton speaks, one folder of tables each (`src/chat/i18n/<locale>/`). Keyed by
 * the core's `LOCALES`, so a locale added there without its folder does not compile.
 */
export const PACKS: Record<Locale, LocalePack> = { en, ru };

/** Every language's input words in one table: people may type any language's words. */
export const WORDS = mergeWords(Object.values(PACKS).map((p) => p.words));
