import { assertCan } from '../../core/roster/permissions.js';
import { parseKpiCommand } from '../parsers/kpi-syntax.js';
import { helpFor } from './help.js';
import { resolvePerson } from './mentions.js';
import type { CommandSpec } from './command-spec.js';
import { show, type Session } from './session.js';
import type { Reply } from './types.js';

/** `/kpi [period] [@person]`: the numbers of the digest, on demand. */
export const kpiCommand = {
  name: 'kpi',
  menu: 'command.kpi.menu',
  slash: { description: 'command.kpi.slash', usage: 'command.kpi.usage' },
  run: runKpi,
} satisfies CommandSpec<'kpi'>;

/**
 * `/kpi [period] [@person | team]` — your numbers by default; a manager may ask for anyone's or
 * the team's. Periods: today, yesterday, week, month, quarter, 14d (and the Russian words).
 */
async function runKpi(s: Session, raw: string): Promise<Reply> {
  const intent = parseKpiCommand(raw);
  if (intent.kind === 'help') return helpFor(s, 'kpi');
  const { period, scope } = intent;
  const personId = intent.who ? (await resolvePerson(s, intent.who)).id : s.person.id;
  if (scope === 'team' || personId !== s.person.id) assertCan(s.person, 'kpi.view_others');
  if (!s.deps.kpi) throw new Error('no KPI renderer configured');
  const message = await s.deps.kpi(
    { core: s.deps.core, kit: s.kit, person: s.person, team: s.team, now: s.ctx.now },
    { scope, personId, period },
  );
  return show(message);
}
