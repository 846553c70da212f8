import type { NameCase } from './ru/names.js';
import type { Words } from './words.js';

/**
 * A catalog entry: an ICU message (`{name}` placeholders, `{n, plural, one {…} few {…} many {…}
 * other {…}}`, `{role, select, ae {…} other {…}}`), so plural and case rules live in the words,
 * not in code that glues strings together.
 */
export type Entry = string;
export type Catalog = Record<string, Entry>;

/** How a language writes dates, durations and names (what is not a message). */
export type Formats = {
  /** luxon pattern of a moment: "Tue 3 Dec, 15:00". */
  dateTime: string;
  /** luxon pattern of a day: "3 Dec 2027". */
  date: string;
  /** Units of `formatMinutes`: "3 min", "2 h 5 min", "1 d 4 h". */
  units: { min: string; h: string; d: string };
  /**
   * Zones are named by the platform's ICU data in this language ("Москва"), this tail cut off
   * ("…, стандартное время"); without it, by the city in the zone's id ("Moscow").
   */
  zoneNameTail?: RegExp;
  /** A person's name in a grammatical case (`{am_dat}`); without it, names stay as they are. */
  declineName?: (name: string, grammaticalCase: NameCase) => string;
};

/** One language: its messages, the words it reads, how it writes dates. */
export type LocalePack = { catalog: Catalog; words: Words; formats: Formats };
