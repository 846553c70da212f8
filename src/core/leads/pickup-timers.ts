import type { Timer } from '../ports.js';
import { hasRole, outOfOfficeAt, type Person } from '../roster/person.js';
import type { Team } from '../roster/team.js';
import { isWorkingTime, nextWorkingStart } from '../time.js';
import type { CoreDeps } from '../shared/deps.js';

type TimerAt = { timer: Timer; at: Date };

/**
 * The first instant after `now` when an AE who cannot take leads now can by the passing of time
 * alone: their out-of-office ends, or (with routing inside working hours) their shift starts.
 * Null when nobody's eligibility changes with time (then only a change of the roster, the
 * settings or someone's load can, and those schedule a pickup themselves).
 */
export function nextPickupAt(team: Team, people: readonly Person[], now: Date): Date | null {
  let best: Date | null = null;
  for (const p of people) {
    if (!p.active || !hasRole(p, 'ae') || p.weight <= 0) continue;
    const at = eligibleFrom(team, p, now);
    if (at && at.getTime() > now.getTime() && (!best || at < best)) best = at;
  }
  return best;
}

/** When `p` is next neither out of office nor (if it matters) off shift, at or after `now`. */
function eligibleFrom(team: Team, p: Person, now: Date): Date | null {
  let t: Date | null = now;
  // A few hops: leave that ends at night moves to the next shift, which may start more leave.
  for (let hop = 0; hop < 8 && t; hop++) {
    const ooo = outOfOfficeAt(p, t);
    if (ooo) {
      t = new Date(ooo.until);
      continue;
    }
    const schedule = { timezone: p.timezone, ...p.workingHours };
    if (team.routeWithinWorkingHours && !isWorkingTime(schedule, t)) {
      t = nextWorkingStart(schedule, t);
      continue;
    }
    return t;
  }
  return null;
}

/** A pickup of the team's queued leads at `at` (one job per team and instant). */
export function pickupAt(teamId: string, at: Date): TimerAt {
  return { timer: { kind: 'claims.pickup', teamId, at: at.toISOString() }, at };
}

/** The team's next pickup by time (see {@link nextPickupAt}), as timers to schedule. */
export async function pickupTimers(deps: CoreDeps, team: Team, now: Date): Promise<TimerAt[]> {
  const people = await deps.stores.people.listTeam(team.id, { activeOnly: true });
  const at = nextPickupAt(team, people, now);
  return at ? [pickupAt(team.id, at)] : [];
}

/**
 * Something changed that may let queued leads go out now (someone joined, came back, got a
 * lighter load, the settings changed): a pickup right away. Cheap when nothing waits.
 */
export async function pickupSoon(deps: Pick<CoreDeps, 'timers'>, teamId: string, now: Date): Promise<void> {
  const { timer, at } = pickupAt(teamId, now);
  await deps.timers.schedule(timer, at);
}

/**
 * A pickup now when `personId`'s load just went down (a lead closed, moved on or away) and a cap
 * bounds it: a queued lead may fit under their cap now.
 */
export async function loadFreed(
  deps: Pick<CoreDeps, 'stores'>,
  teamId: string,
  personId: string | undefined,
  now: Date,
): Promise<TimerAt[]> {
  if (!personId) return [];
  const p = await deps.stores.people.get(personId);
  return p && p.cap !== null && hasRole(p, 'ae') ? [pickupAt(teamId, now)] : [];
}
