/**
 * The few words only Telegram needs (command menu, dialog controls, where a form went) live in
 * each language's `telegram.ts` under `telegram.*`. Everything else the interactions layer words.
 */
import { translator } from '../i18n/i18n.js';
import { telegram } from '../i18n/en/telegram.js';
import type { Locale } from '../../core/roster/team.js';

/** The Telegram words in `locale`. */
export const tgText = (locale: Locale) => translator(locale);

/** Keys Telegram adds to the catalogs (tests check every language has each). */
export const TELEGRAM_TEXT_KEYS = Object.keys(telegram);
