import { DateTime, IANAZone } from 'luxon';
import { WORDS } from '../i18n/locales.js';

const own = <T>(table: Record<string, T>, key: string): T | undefined =>
  Object.hasOwn(table, key) ? table[key] : undefined;

/** "next fri" → "fri": a weekday without the word before it (the `weekdayPrefixes` tables). */
function withoutPrefix(s: string): string {
  const prefix = WORDS.weekdayPrefixes.find((p) => s.startsWith(`${p} `));
  return prefix ? s.slice(prefix.length).trimStart() : s;
}

/**
 * Parses a date typed by a person, in their zone: 2026-12-03, 3.12, 3.12.2026, 12/3, 3 dec,
 * today, tomorrow, yesterday (where a past date makes sense: a contract start, an absence), fri.
 */
export function parseDate(text: string, zone: string, now: Date): DateTime | null {
  const s = text.trim().toLowerCase().replace(/\.$/, '');
  const today = DateTime.fromJSDate(now, { zone }).startOf('day');
  const relative = own(WORDS.relativeDays, s);
  if (relative !== undefined) return today.plus({ days: relative });
  const wd = own(WORDS.weekdays, withoutPrefix(s));
  if (wd) return today.plus({ days: (wd - today.weekday + 7) % 7 || 7 });
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  if (m) return valid(DateTime.fromObject({ year: +m[1]!, month: +m[2]!, day: +m[3]! }, { zone }));
  m = /^(\d{1,2})[./](\d{1,2})(?:[./](\d{2,4}))?$/.exec(s);
  if (m) {
    // dd.mm[.yyyy]; with "/" Americans write mm/dd
    const [a, b] = s.includes('/') ? [+m[2]!, +m[1]!] : [+m[1]!, +m[2]!];
    return withYear(a, b, m[3], today, zone);
  }
  m =
    /^(\d{1,2})\s+(\p{L}{3})\p{L}*(?:\s+(\d{4}))?$/u.exec(s) ??
    /^(\p{L}{3})\p{L}*\s+(\d{1,2})(?:,?\s+(\d{4}))?$/u.exec(s);
  if (m) {
    const dayFirst = /^\d/.test(m[1]!);
    const day = +(dayFirst ? m[1]! : m[2]!);
    const month = own(WORDS.months, dayFirst ? m[2]! : m[1]!);
    if (month) return withYear(day, month, m[3], today, zone);
  }
  return null;
}

function valid(d: DateTime): DateTime | null {
  return d.isValid ? d : null;
}

function withYear(
  day: number,
  month: number,
  year: string | undefined,
  today: DateTime,
  zone: string,
): DateTime | null {
  if (year)
    return valid(
      DateTime.fromObject({ year: year.length === 2 ? 2000 + +year : +year, month, day }, { zone }),
    );
  const d = valid(DateTime.fromObject({ year: today.year, month, day }, { zone }));
  return d && d < today ? d.plus({ years: 1 }) : d;
}

/**
 * Parses a time of day: 15:00, 15.00, 1500, 3pm, 3:30 pm, and "9 in the morning" in any language's
 * words (the `am` and `pm` tables). Returns minutes after midnight.
 */
export function parseTime(text: string): number | null {
  const s = text.trim().toLowerCase();
  const m = /^(\d{1,2})(?:[:.](\d{2})|(\d{2}))?\s*([\p{L}.]+)?$/u.exec(s);
  if (!m) return null;
  let h = +m[1]!;
  const min = +(m[2] ?? m[3] ?? 0);
  const suffix = m[4];
  if (suffix && !WORDS.am.includes(suffix) && !WORDS.pm.includes(suffix)) return null;
  if (suffix && WORDS.pm.includes(suffix) && h < 12) h += 12;
  if (suffix && WORDS.am.includes(suffix) && h === 12) h = 0;
  if (h > 23 || min > 59) return null;
  return h * 60 + min;
}

/**
 * Parses a duration: 30, 30m, 45 min, 1h, 1.5h, 1h30, in any language's units (the `hourUnits` and
 * `minuteUnits` tables). Minutes, or null.
 */
export function parseDuration(text: string): number | null {
  const s = text.trim().toLowerCase().replace(',', '.');
  let m = /^(\d+(?:\.\d+)?)\s*(\p{L}+)\s*(?:(\d{1,2})\s*(\p{L}+)?)?$/u.exec(s);
  if (m && WORDS.hourUnits.includes(m[2]!) && (!m[4] || WORDS.minuteUnits.includes(m[4])))
    return Math.round(+m[1]! * 60 + +(m[3] ?? 0));
  m = /^(\d{1,3})\s*(\p{L}+)?$/u.exec(s);
  if (m && (!m[2] || WORDS.minuteUnits.includes(m[2]))) return +m[1]!;
  return null;
}

export type MeetingWhen = { startsAt: Date; durationMin: number; timezone: string };

/** A time of day that does not exist on that date in that zone (the clocks jump over it). */
export type DstGap = { typed: string; date: string; suggestion: string };

/**
 * `minutes` after midnight on `date` in its zone, as an instant — or the gap it falls in: on the
 * night clocks go forward, 02:30 in Berlin never happens, and luxon would quietly make it 03:30.
 * We say so instead and offer the time it would become.
 */
export function wallClock(date: DateTime, minutes: number): { at: Date } | { gap: DstGap } {
  const hour = Math.floor(minutes / 60);
  const minute = minutes % 60;
  const dt = date.set({ hour, minute, second: 0, millisecond: 0 });
  if (dt.hour === hour && dt.minute === minute) return { at: dt.toJSDate() };
  const pad = (n: number) => String(n).padStart(2, '0');
  return {
    gap: { typed: `${pad(hour)}:${pad(minute)}`, date: date.toISODate() ?? '', suggestion: dt.toFormat('HH:mm') },
  };
}

/**
 * `/meeting L-17 tomorrow 15:00 45m Europe/Moscow` — after the lead: a date, a time, optionally a
 * duration (default 30 min) and a time zone (default the person's). Returns the problem's field
 * when something is missing or not understood.
 */
export function parseMeetingWhen(
  tokens: string[],
  zone: string,
  now: Date,
):
  | { ok: true; value: MeetingWhen }
  | { ok: false; field: 'date' | 'time' | 'durationMin' | 'timezone'; gap?: DstGap } {
  let timezone = zone;
  const rest: string[] = [];
  for (const t of tokens) {
    if (/^[A-Za-z]+\/[A-Za-z_]+(\/[A-Za-z_]+)?$/.test(t)) {
      if (!IANAZone.isValidZone(t)) return { ok: false, field: 'timezone' };
      timezone = t;
    } else rest.push(t);
  }
  // Dates may be two tokens ("3 dec", "next fri").
  let date: DateTime | null = null;
  let used = 0;
  for (const n of [2, 1]) {
    if (rest.length >= n) {
      date = parseDate(rest.slice(0, n).join(' '), timezone, now);
      if (date) {
        used = n;
        break;
      }
    }
  }
  if (!date) return { ok: false, field: 'date' };
  const timeTokens = rest.slice(used);
  let minutes: number | null = null;
  let tUsed = 0;
  for (const n of [2, 1]) {
    if (timeTokens.length >= n) {
      minutes = parseTime(timeTokens.slice(0, n).join(' '));
      if (minutes !== null) {
        tUsed = n;
        break;
      }
    }
  }
  if (minutes === null) return { ok: false, field: 'time' };
  const after = timeTokens.slice(tUsed);
  let durationMin = 30;
  if (after.length) {
    const d = parseDuration(after.join(' '));
    if (d === null) return { ok: false, field: 'durationMin' };
    durationMin = d;
  }
  // Wall-clock time on that day in that zone (set, not plus: correct on daylight-saving days).
  const at = wallClock(date.setZone(timezone, { keepLocalTime: true }), minutes);
  if ('gap' in at) return { ok: false, field: 'time', gap: at.gap };
  return { ok: true, value: { startsAt: at.at, durationMin, timezone } };
}
