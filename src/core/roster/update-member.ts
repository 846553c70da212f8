import { BatonError, validationError } from '../errors.js';
import { pickupSoon } from '../leads/pickup-timers.js';
import type { Ctx } from '../ports.js';
import { actorFor } from '../shared/actor.js';
import type { CoreDeps } from '../shared/deps.js';
import { profileChanges, SELF_SERVICE, teamChanges, type MemberPatch } from './member-patch.js';
import { assertCan } from './permissions.js';
import { hasRole, type Person } from './person.js';

/**
 * `/team …` changes to a member. Managers change anyone in their team; anyone may change their
 * own locale, time zone, working hours and out-of-office.
 */
export async function updateMember(
  deps: CoreDeps,
  req: { personId: string; patch: MemberPatch },
  ctx: Ctx,
): Promise<Person> {
  const { actor, team } = await actorFor(deps, ctx);
  const target = await deps.stores.people.get(req.personId);
  if (!target || target.teamId !== team.id)
    throw new BatonError('UNKNOWN_PERSON', 'no such person in the team', { personId: req.personId });
  const p = req.patch;
  const onlySelf = Object.keys(p).every((k) => (SELF_SERVICE as readonly string[]).includes(k));
  if (!(onlySelf && target.id === actor.id)) assertCan(actor, 'team.manage');
  const inTeam = teamChanges(actor, target, p);
  if (await removesLastAdmin(deps, target, inTeam.out))
    inTeam.issues.push({
      field: inTeam.out.active === false ? 'active' : 'roles',
      code: 'last_admin',
      message: 'the team needs an active admin: make someone else an admin first',
    });
  const own = profileChanges(target, p, ctx.now);
  const issues = [...inTeam.issues, ...own.issues];
  if (issues.length) throw validationError(issues);
  const updated = await deps.stores.people.update(target.id, { ...inTeam.out, ...own.out });
  // Back from leave, on shift, a higher cap, active again, an AE now: queued leads may go out.
  if (hasRole(updated, 'ae') || hasRole(target, 'ae')) await pickupSoon(deps, team.id, ctx.now);
  return updated;
}

/**
 * True when the change takes the admin role (or activity) from the team's only active admin:
 * nobody could then add people or name another admin (the operator CLI's `admin set` is the way
 * back). Deactivating yourself is refused on its own.
 */
async function removesLastAdmin(deps: CoreDeps, target: Person, out: Partial<Person>): Promise<boolean> {
  if (!target.active || !target.roles.includes('admin')) return false;
  const staysAdmin = (out.roles ?? target.roles).includes('admin') && out.active !== false;
  if (staysAdmin) return false;
  const admins = await deps.stores.people.listTeam(target.teamId, { activeOnly: true });
  return !admins.some((p) => p.id !== target.id && p.roles.includes('admin'));
}
