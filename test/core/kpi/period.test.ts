import { describe, expect, it } from '@jest/globals';
import {
  digestPeriodKind,
  inWindow,
  periodWindow,
  previousWindow,
  type PeriodKind,
} from '../../../src/core/kpi/period.js';

const iso = (d: Date) => d.toISOString();
// A rolling window ends with the quarter-hour that holds now: its length less that quarter.
const span = (w: { from: Date; to: Date }) => (w.to.getTime() - w.from.getTime()) / 3600_000;
const hours = (w: { from: Date; to: Date; kind: string }) =>
  (w.to.getTime() - w.from.getTime() - (w.kind === 'today' || w.kind === 'yesterday' ? 0 : 15 * 60_000)) / 3600_000;

describe('periodWindow', () => {
  const now = new Date('2026-06-15T12:00:00Z');

  it('today and yesterday are calendar days in the team zone', () => {
    const today = periodWindow('today', now, 'Europe/Moscow');
    expect([iso(today.from), iso(today.to)]).toEqual([
      '2026-06-14T21:00:00.000Z',
      '2026-06-15T21:00:00.000Z',
    ]);
    const y = periodWindow('yesterday', now, 'Europe/Moscow');
    expect([iso(y.from), iso(y.to)]).toEqual(['2026-06-13T21:00:00.000Z', '2026-06-14T21:00:00.000Z']);
    // 12:00 UTC is still the 15th in Los Angeles, but 05:00 there.
    const la = periodWindow('today', now, 'America/Los_Angeles');
    expect(iso(la.from)).toBe('2026-06-15T07:00:00.000Z');
  });

  it('week, month, quarter and Nd end with the quarter-hour of now, now inside', () => {
    const cases: [PeriodKind, number][] = [
      ['week', 7],
      ['month', 30],
      ['quarter', 90],
      ['14d', 14],
      ['1d', 1],
    ];
    for (const [kind, days] of cases) {
      const w = periodWindow(kind, now, 'UTC');
      // Half-open [from, to) in whole UTC quarter-hours: what happened at now counts.
      expect(w.to.getTime()).toBe(now.getTime() + 15 * 60_000);
      expect(inWindow(w, now)).toBe(true);
      expect(inWindow(w, new Date(now.getTime() + 15 * 60_000))).toBe(false);
      expect(hours(w)).toBe(days * 24);
      expect(w.days).toBe(days);
    }
  });

  it('starts on the quarter-hour holding now, N calendar days back, in every zone', () => {
    const at = new Date('2026-06-15T12:07:31.250Z');
    const w = periodWindow('week', at, 'Asia/Kathmandu');
    expect([iso(w.from), iso(w.to)]).toEqual(['2026-06-08T12:00:00.000Z', '2026-06-15T12:15:00.000Z']);
    const k = periodWindow('today', at, 'Asia/Kathmandu'); // UTC+5:45
    expect(iso(k.from)).toBe('2026-06-14T18:15:00.000Z');
  });

  it('the previous window has the same length and ends where the window starts', () => {
    const w = periodWindow('week', now, 'UTC');
    const p = previousWindow(w);
    expect([iso(p.from), iso(p.to)]).toEqual(['2026-06-01T12:00:00.000Z', '2026-06-08T12:00:00.000Z']);
    const y = previousWindow(periodWindow('today', now, 'Europe/Moscow'));
    expect([iso(y.from), iso(y.to)]).toEqual(['2026-06-13T21:00:00.000Z', '2026-06-14T21:00:00.000Z']);
  });

  it('a week across the spring change in America/New_York is 167 hours, the week before 168', () => {
    const w = periodWindow('week', new Date('2026-03-10T16:00:00Z'), 'America/New_York'); // 12:00 EDT
    expect(iso(w.from)).toBe('2026-03-03T17:00:00.000Z'); // 12:00 EST
    expect(hours(w)).toBe(167);
    expect(span(previousWindow(w))).toBe(168);
  });

  it('a week across the autumn change in America/New_York is 169 hours', () => {
    const w = periodWindow('week', new Date('2026-11-03T17:00:00Z'), 'America/New_York'); // 12:00 EST
    expect(iso(w.from)).toBe('2026-10-27T16:00:00.000Z'); // 12:00 EDT
    expect(hours(w)).toBe(169);
  });

  it('the day of the change in America/New_York is 23 hours and yesterday 24', () => {
    const today = periodWindow('today', new Date('2026-03-08T18:00:00Z'), 'America/New_York');
    expect([iso(today.from), iso(today.to)]).toEqual([
      '2026-03-08T05:00:00.000Z',
      '2026-03-09T04:00:00.000Z',
    ]);
    expect(hours(today)).toBe(23);
    expect(hours(previousWindow(today))).toBe(24);
  });

  it('Europe/Moscow has no DST now: a week over the EU change is 168 hours; in 2010 it still had one', () => {
    const w = periodWindow('week', new Date('2026-03-31T09:00:00Z'), 'Europe/Moscow');
    expect(hours(w)).toBe(168);
    expect(iso(w.from)).toBe('2026-03-24T09:00:00.000Z');
    const old = periodWindow('week', new Date('2010-03-30T09:00:00Z'), 'Europe/Moscow'); // 13:00 MSD
    expect(iso(old.from)).toBe('2010-03-23T10:00:00.000Z'); // 13:00 MSK
    expect(hours(old)).toBe(167);
  });

  it('refuses a bad period or time zone', () => {
    expect(() => periodWindow('0d', now, 'UTC')).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
    expect(() => periodWindow('400d', now, 'UTC')).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
    expect(() => periodWindow('week', now, 'Mars/Olympus')).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
  });
});

describe('inWindow', () => {
  it('is half-open: from is inside, to is not', () => {
    const w = { from: new Date(1000), to: new Date(2000) };
    expect(inWindow(w, new Date(1000))).toBe(true);
    expect(inWindow(w, new Date(1999))).toBe(true);
    expect(inWindow(w, new Date(2000))).toBe(false);
    expect(inWindow(w, new Date(999))).toBe(false);
    expect(inWindow(w, undefined)).toBe(false);
  });
});

describe('digestPeriodKind', () => {
  it('maps the digest setting to a period', () => {
    expect(digestPeriodKind('day')).toBe('yesterday');
    expect(digestPeriodKind('week')).toBe('week');
  });
});
