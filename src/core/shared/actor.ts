import { BatonError } from '../errors.js';
import { assertCan, type Action } from '../roster/permissions.js';
import type { Person } from '../roster/person.js';
import type { Team } from '../roster/team.js';
import type { Ctx } from '../ports.js';
import type { CoreDeps } from './deps.js';

/** Loads the acting person (and their team) and checks they may do `action`. */
export async function actorFor(
  deps: CoreDeps,
  ctx: Ctx,
  action?: Action,
): Promise<{ actor: Person; team: Team }> {
  if (!ctx.actorId) throw new BatonError('UNKNOWN_PERSON', 'no acting person', {});
  const loaded = ctx.loaded?.actor.id === ctx.actorId ? ctx.loaded : undefined;
  const actor = loaded?.actor ?? (await deps.stores.people.get(ctx.actorId));
  if (!actor)
    throw new BatonError('UNKNOWN_PERSON', `unknown person ${ctx.actorId}`, { personId: ctx.actorId });
  if (action) assertCan(actor, action);
  else if (!actor.active) throw new BatonError('PERSON_INACTIVE', `${actor.name} is not active`, {});
  const team = loaded?.team.id === actor.teamId ? loaded.team : await teamOf(deps, actor.teamId);
  return { actor, team };
}

export async function teamOf(deps: CoreDeps, teamId: string): Promise<Team> {
  const team = await deps.stores.teams.get(teamId);
  if (!team) throw new BatonError('UNKNOWN_TEAM', `unknown team ${teamId}`, { teamId });
  return team;
}
