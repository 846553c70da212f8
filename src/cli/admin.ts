import { isBatonError } from '../core/errors.js';
import { hasRole } from '../core/roster/person.js';
import { appointAdmin } from '../core/roster/index.js';
import { CliError, pickTeam, type CliContext } from './cli-context.js';

/** `admin list [--team <name>]`: the team's admins, active or not. */
export async function listAdmins(cx: CliContext, opts: { team?: string }): Promise<number> {
  const team = await pickTeam(cx.app, opts.team);
  const admins = (await cx.app.core.stores.people.listTeam(team.id)).filter((p) => hasRole(p, 'admin'));
  const active = admins.filter((p) => p.active);
  cx.stdout.write(
    [
      `Admins of "${team.name}":`,
      ...admins.map((p) => `  @${p.handle} (${p.name})${p.active ? '' : ' — deactivated'}`),
      ...(active.length
        ? []
        : [`  none active: name one with  npm run baton -- admin set --team "${team.name}" <handle>`]),
    ].join('\n') + '\n',
  );
  return 0;
}

/**
 * `admin set [--team <name>] <handle>`: makes a member an admin of the team (reactivating them
 * if needed) — for the day a team has no active admin left to do it in chat.
 */
export async function setAdmin(cx: CliContext, handle: string, opts: { team?: string }): Promise<number> {
  const team = await pickTeam(cx.app, opts.team);
  try {
    const r = await appointAdmin(cx.app.core, { teamId: team.id, handle });
    const who = `@${r.person.handle} (${r.person.name})`;
    if (!r.added && !r.reactivated) cx.say(`${who} is already an active admin of "${team.name}".`);
    else
      cx.say(
        `${who} is now an admin of "${team.name}"${r.reactivated ? ' (reactivated: they were deactivated)' : ''}.`,
      );
    return 0;
  } catch (err) {
    if (!isBatonError(err, 'UNKNOWN_PERSON')) throw err;
    const people = await cx.app.core.stores.people.listTeam(team.id, { activeOnly: true });
    throw new CliError(
      `Nobody is @${String(err.params.handle)} in "${team.name}". People: ${people.map((p) => `@${p.handle}`).join(', ')}.`,
    );
  }
}
