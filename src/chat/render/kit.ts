import type { Person } from '../../core/roster/person.js';
import type { Stores } from '../../core/ports.js';
import type { Locale } from '../../core/roster/team.js';
import { person as personSpan, text, type Span } from '../message.js';
import type { Reader } from '../ports.js';
import { formatDate, formatDateTime, formatMinutes, money, t, zoneLabel, type MessageKey, type Params } from '../i18n/i18n.js';
import type { Money } from '../../core/money.js';

/** What every renderer needs: the reader, their words, and cached people by id. */
export type Kit = {
  reader: Reader;
  locale: Locale;
  tr(key: MessageKey, params?: Params): string;
  /** A person mention span (or "someone" if the person is gone). */
  who(id: string | undefined): Promise<Span>;
  /** A person's display name. */
  name(id: string | undefined): Promise<string>;
  person(id: string | undefined): Promise<Person | undefined>;
  when(at: Date): string;
  date(d: string | Date): string;
  minutes(n: number): string;
  money(m: Money | undefined): string;
  zone: string;
};

export function createKit(stores: Pick<Stores, 'people'>, reader: Reader): Kit {
  const cache = new Map<string, Promise<Person | null>>();
  const get = (id: string) => {
    let p = cache.get(id);
    if (!p) {
      p = stores.people.get(id);
      cache.set(id, p);
    }
    return p;
  };
  const locale = reader.locale;
  return {
    reader,
    locale,
    tr: (key, params) => t(locale, key, params),
    async who(id) {
      const p = id ? await get(id) : null;
      return p ? personSpan(p) : text(t(locale, 'common.none'));
    },
    async name(id) {
      const p = id ? await get(id) : null;
      return p ? p.name : t(locale, 'common.none');
    },
    async person(id) {
      return (id ? await get(id) : null) ?? undefined;
    },
    when: (at) => formatDateTime(new Date(at), locale, reader.timezone),
    date: (d) => formatDate(d, locale, reader.timezone),
    minutes: (n) => formatMinutes(n, locale),
    money: (m) => money(m, locale),
    zone: zoneLabel(reader.timezone, locale),
  };
}

/**
 * Fills a template whose placeholders may be people: `{who}` params given as spans are kept
 * as mention spans, everything else becomes text.
 */
export function fill(template: string, params: Record<string, string | number | Span>): Span[] {
  const out: Span[] = [];
  const re = /\{(\w+)\}/g;
  let last = 0;
  for (let m = re.exec(template); m; m = re.exec(template)) {
    if (m.index > last) out.push(text(template.slice(last, m.index)));
    const v = params[m[1]!];
    if (v === undefined) out.push(text(m[0]));
    else if (typeof v === 'object') out.push(v);
    else out.push(text(String(v)));
    last = m.index + m[0].length;
  }
  if (last < template.length) out.push(text(template.slice(last)));
  return out;
}

/** A catalog entry rendered with person spans kept: `rich(kit, 'notice.claimed', { who: span, … })`. */
export function rich(kit: Kit, key: MessageKey, params: Record<string, string | number | Span>): Span[] {
  const marker: Record<string, string> = {};
  const plainParams: Params = {};
  for (const [k, v] of Object.entries(params)) {
    if (typeof v === 'object') marker[k] = `\u0000${k}\u0000`;
    else plainParams[k] = v;
  }
  const filled = kit.tr(key, { ...plainParams, ...marker });
  const out: Span[] = [];
  for (const [i, part] of filled.split('\u0000').entries()) {
    if (i % 2 === 1) {
      const v = params[part];
      if (v && typeof v === 'object') out.push(v);
    } else if (part) out.push(text(part));
  }
  return out;
}
