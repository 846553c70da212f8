import { IntlMessageFormat } from 'intl-messageformat';
import { DateTime } from 'luxon';
import { formatMoney, type Money } from '../../core/money.js';
import type { Locale } from '../../core/roster/team.js';
import { PACKS } from './locales.js';
import type { MessageKey } from './message-key.js';
import type { Entry } from './pack.js';
import { isNameCase } from './ru/names.js';

export type Params = Record<string, string | number | undefined>;
export type { Catalog, Entry } from './pack.js';
export type { MessageKey } from './message-key.js';

const compiled = new Map<string, IntlMessageFormat>();

/** `catalog[key]` when the catalog itself has it (never "constructor" from its prototype). */
function entryIn(locale: Locale, key: string): Entry | undefined {
  const catalog = PACKS[locale].catalog;
  return Object.hasOwn(catalog, key) ? catalog[key] : undefined;
}

function messageFor(locale: Locale, key: string): IntlMessageFormat | undefined {
  const id = `${locale}|${key}`;
  let m = compiled.get(id);
  if (m) return m;
  const entry = entryIn(locale, key) ?? entryIn('en', key);
  if (entry === undefined) return undefined;
  // ignoreTag: our texts are plain (HTML and mrkdwn are escaped later by each adapter).
  m = new IntlMessageFormat(entry, locale, undefined, { ignoreTag: true });
  compiled.set(id, m);
  return m;
}

/** ICU element kinds we read (numbers of the parser's TYPE enum; intl-messageformat's own AST). */
const LITERAL = 0;
const NUMBER = 2;
const SELECT = 5;
const PLURAL = 6;
type AstNode = {
  type: number;
  value?: unknown;
  options?: Record<string, { value: AstNode[] }>;
  children?: AstNode[];
};

/** Names of the arguments a compiled message uses (top level and inside plural/select branches). */
function argumentsOf(m: IntlMessageFormat): Map<string, number> {
  const out = new Map<string, number>();
  const walk = (els: AstNode[]) => {
    for (const el of els) {
      if (el.type !== LITERAL && typeof el.value === 'string') out.set(el.value, el.type);
      for (const o of Object.values(el.options ?? {})) walk(o.value);
      if (el.children) walk(el.children);
    }
  };
  walk(m.getAst());
  return out;
}

/**
 * `{am_dat}` in a Russian message is the `am` parameter (a person's name) in the dative: messages
 * ask for the case they need and callers pass the name once.
 */
function declined(locale: Locale, arg: string, params: Params): string | undefined {
  const m = /^(\w+)_(\w+)$/.exec(arg);
  const base = m ? params[m[1]!] : undefined;
  if (!m || typeof base !== 'string' || !isNameCase(m[2]!)) return undefined;
  return PACKS[locale].formats.declineName?.(base, m[2]) ?? base;
}

/**
 * The text for `key` in `locale` (falling back to English, then to the key itself so a missing
 * translation is visible, never a crash). A parameter left out shows as `{name}`, as it did
 * before ICU, rather than throwing in the middle of a reply.
 */
export function t(locale: Locale, key: MessageKey, params: Params = {}): string {
  const m = messageFor(locale, key);
  if (!m) return key;
  const values: Record<string, string | number> = {};
  for (const [name, type] of argumentsOf(m)) {
    const v = params[name] ?? declined(locale, name, params);
    if (v !== undefined) values[name] = v;
    else values[name] = type === PLURAL || type === NUMBER ? 0 : type === SELECT ? 'other' : `{${name}}`;
  }
  const out = m.format(values);
  return Array.isArray(out) ? out.join('') : String(out);
}

/** Whether a key exists in a language (a key built from data, such as an issue code, is then a message key). */
export function hasKey(locale: Locale, key: string): key is MessageKey {
  return entryIn(locale, key) !== undefined;
}

/**
 * Whether a key built from data (`source.${id}`, `error.${code}`) is a message: the English
 * catalog has every key, and `t` falls back to English.
 */
export function isMessageKey(key: string): key is MessageKey {
  return hasKey('en', key);
}

export function catalogKeys(locale: Locale): string[] {
  return Object.keys(PACKS[locale].catalog);
}

/** The raw ICU source of an entry (tests read which arguments a message takes). */
export function entryOf(locale: Locale, key: string): string | undefined {
  return entryIn(locale, key);
}

/** The arguments an entry takes, by name (tests fill them with sample values). */
export function entryArguments(locale: Locale, key: string): string[] {
  const m = messageFor(locale, key);
  return m ? [...argumentsOf(m).keys()] : [];
}

/** Binds a locale: `const tr = translator('ru'); tr('lead.created', {...})`. */
export function translator(locale: Locale): (key: MessageKey, params?: Params) => string {
  return (key, params) => t(locale, key, params);
}

/**
 * "Tue 3 Dec, 15:00" / "вт, 3 дек., 15:00" in the reader's zone and language. `MMM` is the month
 * in the grammatical case a date needs (Russian genitive: "3 дек.", "14 мар."), `LLL` would be the
 * stand-alone nominative ("март").
 */
export function formatDateTime(at: Date, locale: Locale, zone: string): string {
  return DateTime.fromJSDate(at, { zone }).setLocale(locale).toFormat(PACKS[locale].formats.dateTime);
}

/** "3 Dec 2027" / "3 декабря 2027 г." in the reader's language (Russian months in the genitive). */
export function formatDate(isoOrDate: string | Date, locale: Locale, zone = 'UTC'): string {
  const dt =
    typeof isoOrDate === 'string'
      ? DateTime.fromISO(isoOrDate, { zone })
      : DateTime.fromJSDate(isoOrDate, { zone });
  return dt.setLocale(locale).toFormat(PACKS[locale].formats.date);
}

/** "15:00" in the reader's zone. */
export function formatTime(at: Date, zone: string): string {
  return DateTime.fromJSDate(at, { zone }).toFormat('HH:mm');
}

export function money(m: Money | undefined, locale: Locale): string {
  return m ? formatMoney(m, locale) : '—';
}

/**
 * A zone as people say it, in their language: "Europe/Moscow" → "Moscow" / "Москва" (the
 * exemplar city from the platform's ICU data), falling back to the id's last part.
 */
export function zoneLabel(zone: string, locale: Locale = 'en'): string {
  const fallback = zone.split('/').pop()?.replace(/_/g, ' ') ?? zone;
  const tail = PACKS[locale].formats.zoneNameTail;
  if (!tail || !zone.includes('/')) return fallback;
  try {
    const part = new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: 'longGeneric' })
      .formatToParts(new Date())
      .find((p) => p.type === 'timeZoneName')?.value;
    // The zone's "standard time" tail cut off; region names stay whole.
    return part && !/^(GMT|UTC)/.test(part) ? part.replace(tail, '') : fallback;
  } catch {
    return fallback;
  }
}

/** "3 min", "2 h 5 min", "1 d 4 h" in the reader's language. */
export function formatMinutes(minutes: number, locale: Locale): string {
  const m = Math.max(0, Math.round(minutes));
  const u = PACKS[locale].formats.units;
  if (m < 60) return `${m} ${u.min}`;
  const h = Math.floor(m / 60);
  const rest = m % 60;
  if (h < 24) return `${h} ${u.h}${rest ? ` ${rest} ${u.min}` : ''}`;
  const d = Math.floor(h / 24);
  const rh = h % 24;
  return `${d} ${u.d}${rh ? ` ${rh} ${u.h}` : ''}`;
}
