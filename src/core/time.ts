import { DateTime, Interval } from 'luxon';

/**
 * Whole calendar days from `now`'s day in `zone` to the calendar date `date` (YYYY-MM-DD):
 * 0 on the day itself, negative once it has passed. Counted in days of the calendar, so a
 * daylight-saving change in between (a 23- or 25-hour day) changes nothing.
 */
export function daysUntil(date: string, now: Date, zone: string): number {
  const today = DateTime.fromJSDate(now, { zone }).startOf('day');
  const day = DateTime.fromISO(date, { zone }).startOf('day');
  return Math.round(day.diff(today, 'days').days);
}

/** Parses "HH:MM" into minutes after midnight. */
export function minutesOfDay(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/**
 * `hhmm` on the local day of `day`. Set as a wall-clock time, not added as minutes after
 * midnight: on the day a clock springs forward, 00:00 + 540 min is 10:00, not 09:00.
 */
function atLocal(day: DateTime, hhmm: string): DateTime {
  const m = minutesOfDay(hhmm);
  return day.startOf('day').set({ hour: Math.floor(m / 60), minute: m % 60 });
}

export type Schedule = { timezone: string; days: number[]; start: string; end: string };

/** Whether `at` falls inside the schedule's working hours, in the schedule's own zone. */
export function isWorkingTime(s: Schedule, at: Date): boolean {
  const local = DateTime.fromJSDate(at, { zone: s.timezone });
  if (!s.days.includes(local.weekday)) return false;
  const m = local.hour * 60 + local.minute;
  return m >= minutesOfDay(s.start) && m < minutesOfDay(s.end);
}

/**
 * The instant `minutes` of working time after `from` (skipping nights, weekends and days off).
 * Correct across daylight-saving changes because each day's window is built in local time.
 */
export function addWorkingMinutes(s: Schedule, from: Date, minutes: number): Date {
  let remaining = minutes;
  let cursor = DateTime.fromJSDate(from, { zone: s.timezone });
  for (let guard = 0; guard < 3660 && remaining > 0; guard++) {
    const dayStart = atLocal(cursor, s.start);
    const dayEnd = atLocal(cursor, s.end);
    if (s.days.includes(cursor.weekday) && cursor < dayEnd) {
      const begin = cursor < dayStart ? dayStart : cursor;
      const available = Interval.fromDateTimes(begin, dayEnd).length('minutes');
      if (available >= remaining) return begin.plus({ minutes: remaining }).toJSDate();
      remaining -= available;
    }
    cursor = cursor.startOf('day').plus({ days: 1 });
  }
  return cursor.toJSDate();
}

/** The next instant at local `hhmm` on one of `days` strictly after `after`, in `timezone`. */
export function nextLocalTime(timezone: string, hhmm: string, days: number[], after: Date): Date {
  const base = DateTime.fromJSDate(after, { zone: timezone });
  for (let i = 0; i < 15; i++) {
    const day = base.startOf('day').plus({ days: i });
    const [h, m] = hhmm.split(':').map(Number);
    const candidate = day.set({ hour: h ?? 0, minute: m ?? 0, second: 0, millisecond: 0 });
    if (days.includes(candidate.weekday) && candidate > base) return candidate.toJSDate();
  }
  throw new Error('no working day within two weeks');
}

/** The calendar date (YYYY-MM-DD) of `at` in `timezone`. */
export function localDate(timezone: string, at: Date): string {
  return DateTime.fromJSDate(at, { zone: timezone }).toISODate() ?? '';
}

/**
 * The first instant at or after `from` inside the schedule's working hours (`from` itself when it
 * is working time), or null when the schedule has no working time within two weeks.
 */
export function nextWorkingStart(s: Schedule, from: Date): Date | null {
  const cursor = DateTime.fromJSDate(from, { zone: s.timezone });
  for (let i = 0; i < 15; i++) {
    const day = cursor.startOf('day').plus({ days: i });
    const start = atLocal(day, s.start);
    const end = atLocal(day, s.end);
    if (!s.days.includes(day.weekday) || end <= start || end <= cursor) continue;
    return (start > cursor ? start : cursor).toJSDate();
  }
  return null;
}
