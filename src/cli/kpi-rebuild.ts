import { rebuildKpiFacts } from '../core/kpi/rebuild-kpi-facts.js';
import { CliError, pickTeam, type CliContext } from './cli-context.js';

/**
 * `kpi rebuild [--team <name>]`: recomputes the KPI facts of one team (or every team) from its
 * leads and accounts. Idempotent and safe while the bot runs (see rebuildKpiFacts).
 */
export async function kpiRebuild(cx: CliContext, opts: { team?: string }): Promise<number> {
  const teams = opts.team ? [await pickTeam(cx.app, opts.team)] : await cx.app.core.stores.teams.list();
  if (!teams.length) throw new CliError('There is no team yet: import a roster first (import-roster).');
  for (const team of teams) {
    const started = performance.now();
    const r = await rebuildKpiFacts(cx.app.core, team.id);
    const s = ((performance.now() - started) / 1000).toFixed(1);
    cx.say(
      `"${team.name}": KPI facts rebuilt from ${r.leads} lead${r.leads === 1 ? '' : 's'} and ${r.accounts} account${r.accounts === 1 ? '' : 's'} in ${s} s` +
        (r.caughtUp
          ? ` (${r.caughtUp} change${r.caughtUp === 1 ? '' : 's'} made meanwhile added after).`
          : '.'),
    );
  }
  return 0;
}
