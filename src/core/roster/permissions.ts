import { BatonError } from '../errors.js';
import type { Person, Role } from './person.js';

/** Everything a person may try to do; the policy below is the only place that decides. */
export type Action =
  | 'lead.create'
  | 'meeting.book'
  | 'lead.claim'
  | 'lead.pass'
  | 'lead.disqualify'
  | 'lead.reassign'
  | 'outcome.record'
  | 'renewal.record'
  | 'team.manage'
  | 'team.manage_admins'
  | 'kpi.view_others'
  | 'webhook.manage';

/** Roles that may do each action (any one suffices). Ownership rules are checked beside it. */
export const POLICY: Record<Action, Role[]> = {
  'lead.create': ['sdr', 'manager', 'admin'],
  'meeting.book': ['sdr', 'ae', 'manager', 'admin'],
  'lead.claim': ['ae'],
  'lead.pass': ['ae'],
  'lead.disqualify': ['sdr', 'ae', 'manager', 'admin'],
  'lead.reassign': ['manager', 'admin'],
  'outcome.record': ['ae', 'manager', 'admin'],
  'renewal.record': ['am', 'manager', 'admin'],
  'team.manage': ['manager', 'admin'],
  'team.manage_admins': ['admin'],
  'kpi.view_others': ['manager', 'admin'],
  // A webhook sends the team's leads out of Baton: the admins' call, like appointing admins.
  'webhook.manage': ['admin'],
};

export function can(person: Pick<Person, 'roles' | 'active'>, action: Action): boolean {
  return person.active && POLICY[action].some((r) => person.roles.includes(r));
}

/** Throws NOT_ALLOWED naming the roles the action needs. */
export function assertCan(person: Pick<Person, 'roles' | 'active' | 'name'>, action: Action): void {
  if (!person.active) {
    throw new BatonError('PERSON_INACTIVE', `${person.name} is not active in the team`, { action });
  }
  if (!can(person, action)) {
    const needed = POLICY[action];
    throw new BatonError('NOT_ALLOWED', `${action} needs one of the roles: ${needed.join(', ')}`, {
      action,
      needed,
    });
  }
}

/** True when the person is a manager or admin (they may act on anyone's records). */
export function isManager(person: Pick<Person, 'roles'>): boolean {
  return person.roles.includes('manager') || person.roles.includes('admin');
}
