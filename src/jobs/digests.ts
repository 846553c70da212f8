import { DateTime } from 'luxon';
import type { Notice } from '../core/notices.js';
import type { Team } from '../core/roster/team.js';
import { localDate, nextLocalTime } from '../core/time.js';
import type { CoreDeps } from '../core/shared/deps.js';

/** One team's digest run: a local date and time in the team's zone. */
export type DigestSlot = { teamId: string; date: string; time: string; zone: string; at: Date };

/** A digest that could not run this long after its time (the bot was down) is skipped, not sent late. */
export const DIGEST_STALE_AFTER_MS = 12 * 3600_000;

const NOTIFY_CHUNK = 100;

/**
 * The team's next digest strictly after `after`: its `digestTime` on the next of its
 * `workingDays`, in its zone (calendar arithmetic in luxon, so 09:00 stays 09:00 local across
 * daylight-saving changes).
 */
export function nextDigestSlot(team: Team, after: Date): DigestSlot {
  const at = nextLocalTime(team.timezone, team.digestTime, team.workingDays, after);
  return {
    teamId: team.id,
    date: localDate(team.timezone, at),
    time: team.digestTime,
    zone: team.timezone,
    at,
  };
}

/** The instant of a slot's local date and time in the team's zone. */
export function slotInstant(team: Team, date: string, time: string): Date {
  return DateTime.fromISO(`${date}T${time}`, { zone: team.timezone }).toJSDate();
}

/**
 * Whether the slot is still what the team's settings say (digest time, working days and zone: a
 * slot planned before the team changed its zone is another instant; the new one is planned).
 * Slots planned before zones were recorded (`zone` absent) are taken as in the team's zone.
 */
export function slotStillValid(team: Team, slot: { date: string; time: string; zone?: string }): boolean {
  const weekday = DateTime.fromISO(slot.date, { zone: team.timezone }).weekday;
  return (
    team.digestTime === slot.time &&
    team.workingDays.includes(weekday) &&
    (slot.zone === undefined || slot.zone === team.timezone)
  );
}

/** The notices of one team digest: every active person's own, and each manager's team digest. */
export async function digestNotices(deps: CoreDeps, teamId: string, date: string): Promise<Notice[]> {
  const people = await deps.stores.people.listTeam(teamId, { activeOnly: true });
  const notices: Notice[] = [];
  for (const p of people) {
    notices.push({
      key: `digest:${p.id}:${date}`,
      to: { personId: p.id },
      body: { kind: 'digest', personId: p.id, date, scope: 'person' },
    });
    if (p.roles.includes('manager'))
      notices.push({
        key: `digest:${p.id}:${date}:team`,
        to: { personId: p.id },
        body: { kind: 'digest', personId: p.id, date, scope: 'team' },
      });
  }
  return notices;
}

/**
 * Fans a team's digest out through the notifier, in chunks (each notice is an insert-once outbox
 * entry keyed `digest:<personId>:<date>`, so a crashed and re-run fan-out adds only what is missing).
 */
export async function fanOutDigest(deps: CoreDeps, teamId: string, date: string): Promise<number> {
  const notices = await digestNotices(deps, teamId, date);
  for (let i = 0; i < notices.length; i += NOTIFY_CHUNK)
    await deps.notifier.notify(notices.slice(i, i + NOTIFY_CHUNK));
  return notices.length;
}
