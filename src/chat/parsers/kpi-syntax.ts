import { validationError } from '../../core/errors.js';
import type { PeriodKind } from '../../core/kpi/period.js';
import { WORDS } from '../i18n/locales.js';
import { wordsOf } from './command-syntax.js';
import { parsePeriod } from './period-syntax.js';

/** What `/kpi …` asks for: a period, whose numbers (yours, someone's, the team's). */
export type KpiIntent =
  | { kind: 'help' }
  | { kind: 'report'; period: PeriodKind; scope: 'person' | 'team'; who?: string };

/**
 * Reads `/kpi [period] [@person | team]` in any order. A period may take several words
 * ("last 30 days", "14 days"), so the longest run of words that is a period wins;
 * the parsed period (never the raw word) is what the report gets.
 */
export function parseKpiCommand(text: string): KpiIntent {
  const words = wordsOf(text);
  let period: PeriodKind = 'week';
  let scope: 'person' | 'team' = 'person';
  let who: string | undefined;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const lower = w.toLowerCase();
    if (WORDS.help.includes(lower)) return { kind: 'help' };
    if (WORDS.wholeTeam.includes(lower)) {
      scope = 'team';
      continue;
    }
    if (w.startsWith('@') || WORDS.me.includes(lower) || WORDS.mine.includes(lower)) {
      who = w;
      continue;
    }
    const span = [4, 3, 2, 1].find((n) => i + n <= words.length && parsePeriod(words.slice(i, i + n).join(' ')));
    if (span) {
      period = parsePeriod(words.slice(i, i + span).join(' '))!;
      i += span - 1;
      continue;
    }
    throw validationError([
      { field: 'period', code: 'invalid_period_kpi', message: 'is not a period', params: { value: w } },
    ]);
  }
  return { kind: 'report', period, scope, ...(who ? { who } : {}) };
}
