import { BatonError } from '../errors.js';
import { normalizeHandle, type Person } from './person.js';
import type { CoreDeps } from '../shared/deps.js';

export type AppointAdminResult = {
  person: Person;
  /** What changed: the admin role added, the person reactivated (both empty when they already were). */
  added: boolean;
  reactivated: boolean;
};

/**
 * The operator's way back when a team has lost its admins (`baton admin set --team T @handle`):
 * gives the member the admin role, reactivating them if they were deactivated. There is no acting
 * person — whoever runs the operator CLI already controls the deployment — so it is not offered
 * in chat. Running it again changes nothing.
 */
export async function appointAdmin(
  deps: CoreDeps,
  req: { teamId: string; handle: string },
): Promise<AppointAdminResult> {
  const handle = normalizeHandle(req.handle);
  const person = await deps.stores.people.byHandle(req.teamId, handle);
  if (!person) throw new BatonError('UNKNOWN_PERSON', `nobody is @${handle} in the team`, { handle });
  const added = !person.roles.includes('admin');
  const reactivated = !person.active;
  if (!added && !reactivated) return { person, added, reactivated };
  const updated = await deps.stores.people.update(person.id, {
    roles: added ? ['admin', ...person.roles] : person.roles,
    active: true,
  });
  return { person: updated, added, reactivated };
}
