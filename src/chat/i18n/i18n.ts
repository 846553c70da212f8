import { DateTime } from 'luxon';
import { formatMoney, type Money } from '../../core/money.js';
import type { Locale } from '../../core/roster/team.js';

export type Params = Record<string, string | number | undefined>;
/** A catalog entry: a template with `{name}` placeholders, or a function for plurals and logic. */
export type Entry = string | ((p: Params, h: Helpers) => string);
export type Catalog = Record<string, Entry>;

export type Helpers = {
  plural(n: number, forms: { one: string; few?: string; many?: string; other: string }): string;
};

const catalogs = new Map<Locale, Catalog>();

/** Registers a language's catalog (each catalog module calls this once). */
export function registerCatalog(locale: Locale, catalog: Catalog): void {
  catalogs.set(locale, { ...(catalogs.get(locale) ?? {}), ...catalog });
}

function helpers(locale: Locale): Helpers {
  const rules = new Intl.PluralRules(locale);
  return {
    plural(n, forms) {
      const cat = rules.select(n);
      const f =
        cat === 'one'
          ? forms.one
          : cat === 'few'
            ? (forms.few ?? forms.other)
            : cat === 'many'
              ? (forms.many ?? forms.other)
              : forms.other;
      return f.replace('#', String(n));
    },
  };
}

/**
 * The text for `key` in `locale` (falling back to English, then to the key itself so a missing
 * translation is visible, never a crash).
 */
export function t(locale: Locale, key: string, params: Params = {}): string {
  const entry = catalogs.get(locale)?.[key] ?? catalogs.get('en')?.[key];
  if (entry === undefined) return key;
  if (typeof entry === 'function') return entry(params, helpers(locale));
  return entry.replace(/\{(\w+)\}/g, (_, name: string) =>
    params[name] === undefined ? `{${name}}` : String(params[name]),
  );
}

/** Whether a key exists in a language (tests check the catalogs are complete). */
export function hasKey(locale: Locale, key: string): boolean {
  return key in (catalogs.get(locale) ?? {});
}

export function catalogKeys(locale: Locale): string[] {
  return Object.keys(catalogs.get(locale) ?? {});
}

/** Binds a locale: `const tr = translator('ru'); tr('lead.created', {...})`. */
export function translator(locale: Locale): (key: string, params?: Params) => string {
  return (key, params) => t(locale, key, params);
}

/** "Tue 3 Dec, 15:00" in the reader's zone and language. */
export function formatDateTime(at: Date, locale: Locale, zone: string): string {
  return DateTime.fromJSDate(at, { zone })
    .setLocale(locale)
    .toFormat(locale === 'ru' ? 'ccc d LLL, HH:mm' : 'ccc d LLL, HH:mm');
}

/** "3 Dec 2027" in the reader's language. */
export function formatDate(isoOrDate: string | Date, locale: Locale, zone = 'UTC'): string {
  const dt =
    typeof isoOrDate === 'string'
      ? DateTime.fromISO(isoOrDate, { zone })
      : DateTime.fromJSDate(isoOrDate, { zone });
  return dt.setLocale(locale).toFormat('d LLL yyyy');
}

/** "15:00" in the reader's zone. */
export function formatTime(at: Date, zone: string): string {
  return DateTime.fromJSDate(at, { zone }).toFormat('HH:mm');
}

export function money(m: Money | undefined, locale: Locale): string {
  return m ? formatMoney(m, locale) : '—';
}

/** A short zone label for times: "Europe/Berlin" → "Berlin". */
export function zoneLabel(zone: string): string {
  return zone.split('/').pop()?.replace(/_/g, ' ') ?? zone;
}

/** "3 min", "2 h 5 min", "1 d 4 h" in the reader's language. */
export function formatMinutes(minutes: number, locale: Locale): string {
  const m = Math.max(0, Math.round(minutes));
  const ru = locale === 'ru';
  if (m < 60) return ru ? `${m} мин` : `${m} min`;
  const h = Math.floor(m / 60);
  const rest = m % 60;
  if (h < 24) return ru ? `${h} ч${rest ? ` ${rest} мин` : ''}` : `${h} h${rest ? ` ${rest} min` : ''}`;
  const d = Math.floor(h / 24);
  const rh = h % 24;
  return ru ? `${d} д${rh ? ` ${rh} ч` : ''}` : `${d} d${rh ? ` ${rh} h` : ''}`;
}
