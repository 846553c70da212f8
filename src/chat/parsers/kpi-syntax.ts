import { validationError } from '../../core/errors.js';
import { parsePeriod, type PeriodKind } from '../../core/kpi/period.js';
import { HELP_WORDS, wordsOf } from './command-syntax.js';

/** What `/kpi …` asks for: a period, whose numbers (yours, someone's, the team's). */
export type KpiIntent =
  | { kind: 'help' }
  | { kind: 'report'; period: PeriodKind; scope: 'person' | 'team'; who?: string };

const TEAM_WORDS = ['team', 'команда', 'команды', 'команду', 'всех'];
const ME_WORDS = ['me', 'я', 'мои'];

/**
 * Reads `/kpi [period] [@person | team]` in any order. A period may take several words
 * ("14 дней", "last 30 days", "за неделю"), so the longest run of words that is a period wins;
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
    if (HELP_WORDS.includes(lower)) return { kind: 'help' };
    if (TEAM_WORDS.includes(lower)) {
      scope = 'team';
      continue;
    }
    if (w.startsWith('@') || ME_WORDS.includes(lower)) {
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
