/** Rules shared by the meeting use cases: valid slots, who may change what, timers. */
import { DateTime } from 'luxon';
import { BatonError, validationError } from '../errors.js';
import { currentMeeting, type Lead, type Meeting } from '../leads/lead.js';
import { isManager } from '../roster/permissions.js';
import type { Person } from '../roster/person.js';
import type { Effects } from '../shared/mutate.js';

/** Reminders go out this many hours before a meeting. */
export const MEETING_REMINDER_HOURS = [24, 1] as const;

export type MeetingSlot = { startsAt: Date; durationMin: number; timezone: string };

export function validateSlot(slot: MeetingSlot, now: Date): void {
  const issues = [];
  if (!(slot.startsAt instanceof Date) || Number.isNaN(slot.startsAt.getTime())) {
    issues.push({ field: 'startsAt', code: 'invalid_time', message: 'is not a date and time' });
  } else if (slot.startsAt.getTime() <= now.getTime()) {
    throw new BatonError('MEETING_IN_PAST', 'the meeting time is in the past', { startsAt: slot.startsAt }, [
      { field: 'startsAt', code: 'in_past', message: 'is in the past' },
    ]);
  } else if (slot.startsAt.getTime() > now.getTime() + 366 * 24 * 3600 * 1000) {
    issues.push({ field: 'startsAt', code: 'too_far', message: 'is more than a year ahead' });
  }
  if (!Number.isInteger(slot.durationMin) || slot.durationMin < 5 || slot.durationMin > 480) {
    issues.push({ field: 'durationMin', code: 'invalid_duration', message: 'must be 5 to 480 minutes' });
  }
  if (!DateTime.local().setZone(slot.timezone).isValid) {
    issues.push({ field: 'timezone', code: 'invalid_timezone', message: 'is not a time zone' });
  }
  if (issues.length) throw validationError(issues);
}

/** Reminder and outcome-prompt timers of a meeting revision. */
export function meetingTimers(lead: Lead, m: Meeting, now: Date): NonNullable<Effects['timers']> {
  const timers: NonNullable<Effects['timers']> = [];
  for (const hoursBefore of MEETING_REMINDER_HOURS) {
    const at = new Date(m.startsAt.getTime() - hoursBefore * 3600_000);
    if (at.getTime() > now.getTime()) {
      timers.push({
        timer: {
          kind: 'meetings.remind',
          leadId: lead.id,
          meetingId: m.id,
          revision: m.revision,
          hoursBefore,
        },
        at,
      });
    }
  }
  timers.push({
    timer: { kind: 'meetings.outcome', leadId: lead.id, meetingId: m.id, revision: m.revision },
    at: new Date(m.startsAt.getTime() + m.durationMin * 60_000),
  });
  return timers;
}

export function assertMayBook(actor: Person, lead: Lead): void {
  const isSdr = actor.roles.includes('sdr');
  if (!isManager(actor) && !isSdr && lead.ownerId !== actor.id) {
    throw new BatonError('NOT_LEAD_OWNER', 'only an SDR, the lead’s AE or a manager can book this meeting', {
      needed: ['sdr'],
    });
  }
}

export function scheduledMeeting(lead: Lead, meetingId?: string): Meeting {
  const m = meetingId ? lead.meetings.find((x) => x.id === meetingId) : currentMeeting(lead);
  if (!m)
    throw new BatonError('MEETING_NOT_FOUND', 'no scheduled meeting for this lead', { leadId: lead.id });
  if (m.status !== 'scheduled') {
    throw new BatonError('ILLEGAL_TRANSITION', `the meeting is already ${m.status}`, {
      from: m.status,
      to: 'scheduled',
      what: 'change the meeting',
    });
  }
  return m;
}

export function assertMayChangeMeeting(actor: Person, lead: Lead, m: Meeting): void {
  if (!isManager(actor) && actor.id !== m.aeId && actor.id !== m.bookedBy && actor.id !== lead.ownerId) {
    throw new BatonError('NOT_LEAD_OWNER', 'only the meeting’s AE, its SDR or a manager can change it', {
      needed: ['manager'],
    });
  }
}

/**
 * Who is told when a meeting is booked, moved or cancelled (each gets its calendar file): its AE,
 * the lead's SDR (who created it, though the AE booked the meeting) and whoever booked it, once each.
 */
export function meetingPeople(
  lead: Pick<Lead, 'createdBy'>,
  m: Pick<Meeting, 'aeId' | 'bookedBy'>,
): string[] {
  return [...new Set([m.aeId, lead.createdBy, m.bookedBy])];
}
