import type { ApiKey } from '../../core/integrations/api-key.js';
import type { Stores } from '../../core/ports.js';
import { can } from '../../core/roster/permissions.js';
import { hasRole, normalizeHandle, type Person } from '../../core/roster/person.js';
import type { Team } from '../../core/roster/team.js';
import type { FieldError } from './lead-input-map.js';

/**
 * Who creates an API lead (the lead's `createdBy`, the SDR its KPIs credit): the `sdr` named by
 * handle or email; else the admin who made the key; else, for a key the operator made, the team's
 * first active admin. Someone who may not create leads is a field error, as in chat.
 */
export async function creditedSdr(
  stores: Pick<Stores, 'people'>,
  team: Team,
  key: ApiKey,
  sdr: string | undefined,
): Promise<Person | FieldError> {
  const named = sdr?.trim();
  if (named) {
    const asEmail = named.includes('@') && !named.startsWith('@');
    const person = asEmail
      ? (await stores.people.listTeam(team.id)).find((p) => p.email?.toLowerCase() === named.toLowerCase())
      : await stores.people.byHandle(team.id, normalizeHandle(named));
    if (!person)
      return {
        field: 'sdr',
        code: 'unknown_person',
        message: 'is nobody in the team (give a handle such as @sam or an email)',
      };
    if (!can(person, 'lead.create'))
      return {
        field: 'sdr',
        code: person.active ? 'not_allowed' : 'inactive',
        message: person.active
          ? 'may not create leads (needs the SDR, manager or admin role)'
          : 'is deactivated',
      };
    return person;
  }
  const creator = key.createdBy ? await stores.people.get(key.createdBy) : null;
  if (creator && can(creator, 'lead.create')) return creator;
  const admin = (await stores.people.listTeam(team.id, { activeOnly: true })).find(
    (p) => hasRole(p, 'admin') && can(p, 'lead.create'),
  );
  return (
    admin ?? {
      field: 'sdr',
      code: 'required',
      message: 'is required: the team has no active admin to credit',
    }
  );
}
