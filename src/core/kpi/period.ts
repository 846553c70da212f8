import { DateTime, IANAZone } from 'luxon';
import { validationError } from '../errors.js';

/**
 * What a report covers: `today` and `yesterday` are calendar days in the team's zone; `week`,
 * `month` and `quarter` are the last 7, 30 and 90 days ending now; `Nd` is the last N days
 * ending now (1 ≤ N ≤ 366).
 */
export type PeriodKind = 'today' | 'yesterday' | 'week' | 'month' | 'quarter' | `${number}d`;

/**
 * A half-open window [from, to): an event at `from` is inside, an event at `to` is not.
 * `days` is its length in calendar days of `timezone`, so a window spanning a daylight-saving
 * change is 23 or 25 hours longer or shorter than 24 × days, as a person on the team would expect.
 */
export type Window = { kind: PeriodKind; from: Date; to: Date; timezone: string; days: number };

const FIXED_DAYS: Record<'week' | 'month' | 'quarter', number> = { week: 7, month: 30, quarter: 90 };
/** The longest report, in days (`366d`). */
export const MAX_PERIOD_DAYS = 366;

function daysOfKind(kind: PeriodKind): number | null {
  if (kind === 'today' || kind === 'yesterday') return 1;
  if (kind === 'week' || kind === 'month' || kind === 'quarter') return FIXED_DAYS[kind];
  const m = /^(\d{1,3})d$/.exec(kind);
  const n = m ? Number(m[1]) : NaN;
  return Number.isInteger(n) && n >= 1 && n <= MAX_PERIOD_DAYS ? n : null;
}

const QUARTER_MS = 15 * 60_000;

/**
 * The window of `kind` as of `now`, computed in `timezone` with calendar arithmetic (correct
 * across daylight-saving changes): `today` = [today 00:00, tomorrow 00:00), `yesterday` =
 * [yesterday 00:00, today 00:00), the others = the last N calendar days in whole quarter-hours:
 * [q − N days, q + 15 min) where q is the start of the quarter-hour holding `now` (now included).
 * Every bound is on a UTC quarter-hour (every zone's offset is a multiple of 15 minutes), which is
 * what lets reports be summed from quarter-hour KPI facts (facts.ts) exactly.
 */
export function periodWindow(kind: PeriodKind, now: Date, timezone: string): Window {
  const days = daysOfKind(kind);
  if (days === null) {
    throw validationError([
      {
        field: 'period',
        code: 'invalid_period',
        message: `${kind} is not a period`,
        params: { period: kind },
      },
    ]);
  }
  if (!IANAZone.isValidZone(timezone)) {
    throw validationError([
      { field: 'timezone', code: 'invalid_timezone', message: 'is not an IANA time zone' },
    ]);
  }
  const local = DateTime.fromJSDate(now, { zone: timezone });
  if (kind === 'today' || kind === 'yesterday') {
    const start = local.startOf('day').minus({ days: kind === 'yesterday' ? 1 : 0 });
    return { kind, from: start.toJSDate(), to: start.plus({ days: 1 }).toJSDate(), timezone, days };
  }
  // `to` lies after `now`, so what happened at this very instant counts: a report asked for right
  // after a change includes it (the console's business clock stands still between commands).
  const q = Math.floor(now.getTime() / QUARTER_MS) * QUARTER_MS;
  const start = DateTime.fromMillis(q, { zone: timezone });
  return { kind, from: start.minus({ days }).toJSDate(), to: new Date(q + QUARTER_MS), timezone, days };
}

/** The window of the same length in calendar days immediately before `w` (what a report compares with). */
export function previousWindow(w: Window): Window {
  const from = DateTime.fromJSDate(w.from, { zone: w.timezone }).minus({ days: w.days });
  return { ...w, from: from.toJSDate(), to: new Date(w.from.getTime()) };
}

/** Whether `at` lies in the half-open window. */
export function inWindow(w: Pick<Window, 'from' | 'to'>, at: Date | undefined): boolean {
  if (!at) return false;
  const t = at.getTime();
  return t >= w.from.getTime() && t < w.to.getTime();
}

/** The period a team's daily digest reports on, from its `digestPeriod` setting. */
export function digestPeriodKind(setting: 'day' | 'week' | 'month'): PeriodKind {
  return setting === 'day' ? 'yesterday' : setting;
}
