import { MAX_PERIOD_DAYS, type PeriodKind } from '../../core/kpi/period.js';
import { WORDS } from '../i18n/locales.js';

/**
 * Reads what people type after `/kpi`, in any language's words (the `periods`, `dayUnits` and
 * `periodPrefixes` tables): `today`, `yesterday`, `week`, `month`, `quarter`, `14d`, `14 days`,
 * an optional leading `last` ignored. Null when it is not a period or N is outside 1…366.
 */
export function parsePeriod(text: string): PeriodKind | null {
  let s = text.trim().toLowerCase().replace(/\s+/g, ' ');
  // Longest first, so a prefix that starts with a shorter one ("for the last", "for") is taken whole.
  const prefix = [...WORDS.periodPrefixes].sort((a, b) => b.length - a.length).find((p) => s.startsWith(`${p} `));
  if (prefix) s = s.slice(prefix.length + 1);
  if (Object.hasOwn(WORDS.periods, s)) return WORDS.periods[s]!;
  const m = /^(\d{1,3})\s*(\p{L}+)$/u.exec(s);
  if (!m || !WORDS.dayUnits.includes(m[2]!)) return null;
  const n = Number(m[1]);
  return n >= 1 && n <= MAX_PERIOD_DAYS ? `${n}d` : null;
}
