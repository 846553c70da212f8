import { BatonError } from '../errors.js';
import type { Lead } from './lead.js';
import type { CoreDeps } from '../shared/deps.js';

export const leadNotFound = (ref: string) => () =>
  new BatonError('LEAD_NOT_FOUND', `lead ${ref} not found`, { ref });

/** Finds a lead of the team by id or by its number ("L-17", "17"). */
export async function findLead(deps: CoreDeps, teamId: string, ref: string): Promise<Lead> {
  const m = /^(?:L-?|#)?(\d{1,9})$/i.exec(ref.trim());
  const lead = m
    ? await deps.stores.leads.byNumber(teamId, Number(m[1]))
    : await deps.stores.leads.get(ref.trim());
  if (!lead || lead.teamId !== teamId) throw leadNotFound(ref)();
  return lead;
}

/**
 * The lead a change through `mutate` is about to be made to, when only its identity matters: the
 * state this process last knew of it, without a read (the team never changes, and a lead is never
 * deleted), else `findLead`. Whether that state is the newest is `mutate`'s to find out: its
 * first decision on it commits at the next version or fails there and reads again.
 */
export async function leadToChange(deps: CoreDeps, teamId: string, ref: string): Promise<Lead> {
  const known = deps.stores.leads.remembered(ref.trim());
  return known?.teamId === teamId ? known : findLead(deps, teamId, ref);
}

/** Minutes between two instants, rounded, never negative. */
export function minutesBetween(from: Date, to: Date): number {
  return Math.max(0, Math.round((to.getTime() - new Date(from).getTime()) / 60000));
}
