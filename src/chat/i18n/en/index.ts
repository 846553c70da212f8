import type { Catalog, LocalePack } from '../pack.js';
import { enCommands } from './commands.js';
import { digestEn } from './digest.js';
import { enLeads } from './leads.js';
import { en as messages } from './messages.js';
import { telegram } from './telegram.js';
import { words } from './words.js';

/** Every English message; its keys are the keys every language must have (`MessageKey`). */
export const catalog = { ...messages, ...enLeads, ...enCommands, ...digestEn, ...telegram } satisfies Catalog;

export const en: LocalePack = {
  catalog,
  words,
  formats: { dateTime: 'ccc d MMM, HH:mm', date: 'd MMM yyyy', units: { min: 'min', h: 'h', d: 'd' } },
};
