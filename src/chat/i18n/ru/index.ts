import type { MessageKey } from '../message-key.js';
import type { LocalePack } from '../pack.js';
import { ruCommands } from './commands.js';
import { digestRu } from './digest.js';
import { ruLeads } from './leads.js';
import { ru as messages } from './messages.js';
import { declineName } from './names.js';
import { telegram } from './telegram.js';
import { words } from './words.js';

/** Every Russian message (the type makes a missing key a compile error). */
const catalog: Record<MessageKey, string> = { ...messages, ...ruLeads, ...ruCommands, ...digestRu, ...telegram };

export const ru: LocalePack = {
  catalog,
  words,
  formats: {
    // Months in the genitive, as a date needs them ("3 дек.", "14 марта").
    dateTime: 'ccc, d MMM, HH:mm',
    date: 'd MMMM yyyy',
    units: { min: 'мин', h: 'ч', d: 'д' },
    zoneNameTail: /,\s*(стандартное|летнее) время$/,
    declineName,
  },
};
