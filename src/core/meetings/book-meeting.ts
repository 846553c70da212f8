import { BatonError } from '../errors.js';
import { idFromKey } from '../ids.js';
import { currentMeeting, type Lead, type Meeting } from '../leads/lead.js';
import { assertTransition } from '../leads/lifecycle.js';
import type { Notice } from '../notices.js';
import type { Ctx } from '../ports.js';
import type { Person } from '../roster/person.js';
import { actorFor } from '../shared/actor.js';
import type { CoreDeps } from '../shared/deps.js';
import { findLead, leadNotFound } from '../leads/lead-refs.js';
import { mutate, type Decision } from '../shared/mutate.js';
import {
  validateSlot,
  meetingTimers,
  assertMayBook,
  meetingPeople,
  type MeetingSlot,
} from './meeting-rules.js';

/** Whether `actor` may book a meeting for the lead now (claimed, no meeting yet); the lead's AE. */
function assertBookable(actor: Person, current: Lead): string {
  assertMayBook(actor, current);
  if (!current.ownerId) {
    throw new BatonError(
      'ILLEGAL_TRANSITION',
      'the lead has no AE yet: it must be claimed before a meeting is booked',
      {
        from: current.status,
        to: 'meeting_booked',
        what: 'book a meeting',
      },
    );
  }
  const existing = currentMeeting(current);
  if (existing) {
    throw new BatonError('ILLEGAL_TRANSITION', 'the lead already has a meeting; reschedule it instead', {
      from: current.status,
      to: 'meeting_booked',
      what: 'book a second meeting',
      meetingId: existing.id,
    });
  }
  assertTransition(current.status, 'meeting_booked', 'book a meeting');
  return current.ownerId;
}

/**
 * The checks of {@link bookMeeting} without the change, for the form that asks when: the
 * person may book, and the lead is claimed and has no meeting yet.
 */
export async function checkBookMeeting(deps: CoreDeps, req: { leadRef: string }, ctx: Ctx): Promise<Lead> {
  const { actor, team } = await actorFor(deps, ctx, 'meeting.book');
  const lead = await findLead(deps, team.id, req.leadRef);
  assertBookable(actor, lead);
  return lead;
}

/**
 * `/meeting`: books a meeting for a claimed lead (the AE is the lead's owner). The AE, the lead's
 * SDR and the booker are told in their own time zones; reminders and the outcome prompt are scheduled.
 */
export async function bookMeeting(
  deps: CoreDeps,
  req: { leadRef: string } & MeetingSlot,
  ctx: Ctx,
): Promise<{ lead: Lead; meeting: Meeting }> {
  const { actor, team } = await actorFor(deps, ctx, 'meeting.book');
  const lead = await findLead(deps, team.id, req.leadRef);
  validateSlot(req, ctx.now);
  const meetingId = idFromKey('mtg', `${lead.id}:${ctx.key}`);
  const { value } = await mutate(
    deps,
    deps.stores.leads,
    lead.id,
    `${ctx.key}|book`,
    (current): Decision<Lead> => {
      const aeId = assertBookable(actor, current);
      const meeting: Meeting = {
        id: meetingId,
        startsAt: req.startsAt,
        durationMin: req.durationMin,
        timezone: req.timezone,
        bookedBy: actor.id,
        bookedAt: ctx.now,
        aeId,
        status: 'scheduled',
        revision: 0,
      };
      const notices: Notice[] = [
        {
          key: `mtg:${meetingId}:booked:ae`,
          to: { personId: meeting.aeId },
          body: { kind: 'meeting.booked', leadId: current.id, meetingId },
        },
        {
          key: `lead:${current.id}:changed:mtg:${meetingId}`,
          to: { teamChannel: team.id },
          body: { kind: 'lead.changed', leadId: current.id },
        },
      ];
      // The AE's and the booker's keys predate the SDR's (kept, so a retry matches what was sent).
      for (const personId of meetingPeople(current, meeting)) {
        if (personId === meeting.aeId) continue;
        notices.push({
          key: `mtg:${meetingId}:booked:${personId === actor.id ? 'booker' : 'sdr'}`,
          to: { personId },
          body: { kind: 'meeting.booked', leadId: current.id, meetingId },
        });
      }
      return {
        next: {
          ...current,
          status: 'meeting_booked',
          meetings: [...current.meetings, meeting],
          updatedAt: ctx.now,
        },
        event: {
          type: 'meeting.booked',
          actorId: actor.id,
          source: ctx.source,
          at: ctx.now,
          from: current.status,
          to: 'meeting_booked',
          data: { meetingId, startsAt: req.startsAt },
        },
        effects: { notices, timers: meetingTimers(current, meeting, ctx.now) },
      };
    },
    leadNotFound(req.leadRef),
  );
  const meeting = value.meetings.find((m) => m.id === meetingId) ?? currentMeeting(value);
  if (!meeting) throw new BatonError('MEETING_NOT_FOUND', 'meeting not found', {});
  return { lead: value, meeting };
}
