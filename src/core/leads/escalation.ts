import type { Lead } from './lead.js';
import type { Team } from '../roster/team.js';
import { isWorkingTime, nextWorkingStart, type Schedule } from '../time.js';
import type { Effects } from '../shared/mutate.js';

/** The team's working days and hours as a schedule in its zone. */
export function teamSchedule(team: Team): Schedule {
  return { timezone: team.timezone, days: team.workingDays, ...team.workday };
}

/**
 * With routing inside working hours, managers are not escalated to outside the team's working
 * time: the instant an escalation decided at `now` goes out instead (the next opening), or null
 * when it may go out now.
 */
export function escalationDeferredTo(team: Team, now: Date): Date | null {
  if (!team.routeWithinWorkingHours) return null;
  const schedule = teamSchedule(team);
  if (isWorkingTime(schedule, now)) return null;
  return nextWorkingStart(schedule, now);
}

/** Minutes since the lead was first offered (or created, when it never was). */
export function minutesSinceFirstOffer(lead: Pick<Lead, 'offers' | 'createdAt'>, now: Date): number {
  const first = lead.offers[0]?.at ?? lead.createdAt;
  return Math.max(0, Math.round((now.getTime() - new Date(first).getTime()) / 60000));
}

/** The one escalation of an unclaimed lead: every active manager is told, once per lead. */
export function escalationEffects(
  lead: Pick<Lead, 'id' | 'teamId' | 'offers' | 'createdAt'>,
  now: Date,
): Effects {
  return {
    notices: [
      {
        key: `lead:${lead.id}:escalated`,
        to: { managersOf: lead.teamId },
        body: { kind: 'lead.escalated', leadId: lead.id, minutes: minutesSinceFirstOffer(lead, now) },
      },
    ],
  };
}
