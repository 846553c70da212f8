import { BatonError } from '../../core/errors.js';
import { parsePeriod } from '../../core/kpi/period.js';
import { assertCan } from '../../core/roster/permissions.js';
import { helpFor } from './help.js';
import { resolvePerson } from './mentions.js';
import { show, type Session } from './session.js';
import type { Reply } from './types.js';

/**
 * `/kpi [period] [@person | team]` — your numbers by default; a manager may ask for anyone's or
 * the team's. Periods: today, yesterday, week, month, quarter, 14d (and Russian words).
 */
export async function kpiCommand(s: Session, raw: string): Promise<Reply> {
  const words = raw.trim().split(/\s+/).filter(Boolean);
  let period = 'week';
  let scope: 'person' | 'team' = 'person';
  let personId = s.person.id;
  for (const w of words) {
    const lower = w.toLowerCase();
    if (['help', 'помощь', '?'].includes(lower)) return helpFor(s, 'kpi');
    if (['team', 'команда'].includes(lower)) scope = 'team';
    else if (parsePeriod(lower)) period = lower;
    else if (w.startsWith('@') || lower === 'me') personId = (await resolvePerson(s, w)).id;
    else {
      throw new BatonError('VALIDATION_FAILED', 'bad period', {}, [
        { field: 'period', code: 'invalid_period_kpi', message: 'is not a period' },
      ]);
    }
  }
  if (scope === 'team' || personId !== s.person.id) assertCan(s.person, 'kpi.view_others');
  if (!s.deps.kpi) throw new Error('no KPI renderer configured');
  const message = await s.deps.kpi(
    { core: s.deps.core, kit: s.kit, person: s.person, team: s.team, now: s.ctx.now },
    { scope, personId, period },
  );
  return show(message);
}
