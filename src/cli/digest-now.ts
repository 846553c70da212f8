import { localDate } from '../core/time.js';
import { fanOutDigest } from '../jobs/digests.js';
import { CliError, deliveryPlatforms, pickTeam, type CliContext } from './cli-context.js';

/**
 * `digest now [--team <name>]`: today's digests (team-local date) for every active person and
 * each manager's team digest, recorded in the outbox like the 09:00 job records them. The running
 * bot delivers them (its outbox sweep, within 30 s). A digest is sent once per person and day,
 * so one already sent today is not sent again, and today's 09:00 run will not repeat these.
 */
export async function digestNow(cx: CliContext, opts: { team?: string }): Promise<number> {
  const platforms = deliveryPlatforms(cx.config);
  if (!platforms.length)
    throw new CliError(
      'No chat platform is configured (SLACK_BOT_TOKEN, TELEGRAM_BOT_TOKEN or CONSOLE): nowhere to send digests.',
    );
  const teams = opts.team ? [await pickTeam(cx.app, opts.team)] : await cx.app.core.stores.teams.list();
  if (!teams.length) throw new CliError('There is no team yet: import a roster first (import-roster).');
  cx.say(`Business time: ${cx.businessTime}.`);
  for (const team of teams) {
    const date = localDate(team.timezone, cx.app.clock.now());
    const n = await fanOutDigest(cx.app.core, team.id, date);
    cx.say(`"${team.name}": ${n} digest${n === 1 ? '' : 's'} for ${date} queued on ${platforms.join(', ')}.`);
  }
  cx.say('The running bot delivers them within 30 seconds; each person gets one digest per day at most.');
  return 0;
}
