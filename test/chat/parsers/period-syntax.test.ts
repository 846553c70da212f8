import { describe, expect, it } from '@jest/globals';
import { parsePeriod } from '../../../src/chat/parsers/period-syntax.js';

describe('parsePeriod', () => {
  it.each([
    ['week', 'week'],
    [' Week ', 'week'],
    ['неделя', 'week'],
    ['за неделю', 'week'],
    ['7d', '7d'],
    ['14 days', '14d'],
    ['last 30 days', '30d'],
    ['14д', '14d'],
    ['за последние 10 дней', '10d'],
    ['month', 'month'],
    ['месяц', 'month'],
    ['quarter', 'quarter'],
    ['квартал', 'quarter'],
    ['today', 'today'],
    ['сегодня', 'today'],
    ['yesterday', 'yesterday'],
    ['вчера', 'yesterday'],
  ])('%s → %s', (text, kind) => {
    expect(parsePeriod(text)).toBe(kind);
  });

  it.each(['', 'weekly', '0d', '367d', '-3d', 'constructor', '__proto__', 'toString', '1.5d'])(
    '%s → null',
    (text) => {
      expect(parsePeriod(text)).toBeNull();
    },
  );
});
