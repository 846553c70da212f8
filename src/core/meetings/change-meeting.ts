import { BatonError } from '../errors.js';
import { currentMeeting, type Lead, type Meeting } from '../leads/lead.js';
import { assertTransition } from '../leads/lifecycle.js';
import type { Ctx } from '../ports.js';
import { actorFor } from '../shared/actor.js';
import type { CoreDeps } from '../shared/deps.js';
import { findLead, leadNotFound } from '../leads/lead-refs.js';
import { mutate, type Decision } from '../shared/mutate.js';
import { cardsChanged } from '../leads/offers.js';
import {
  validateSlot,
  meetingTimers,
  scheduledMeeting,
  assertMayChangeMeeting,
  meetingPeople,
  type MeetingSlot,
} from './meeting-rules.js';

/**
 * The checks of {@link rescheduleMeeting} without the change (before its form opens): the lead
 * has a scheduled meeting and the actor may change it.
 */
export async function checkChangeMeeting(
  deps: CoreDeps,
  req: { leadRef: string; meetingId?: string },
  ctx: Ctx,
): Promise<{ lead: Lead; meeting: Meeting }> {
  const { actor, team } = await actorFor(deps, ctx);
  const lead = await findLead(deps, team.id, req.leadRef);
  const meeting = scheduledMeeting(lead, req.meetingId);
  assertMayChangeMeeting(actor, lead, meeting);
  return { lead, meeting };
}

/** Moves a scheduled meeting; its reminders move with it (older timers see a stale revision). */
export async function rescheduleMeeting(
  deps: CoreDeps,
  req: { leadRef: string; meetingId?: string } & MeetingSlot,
  ctx: Ctx,
): Promise<{ lead: Lead; meeting: Meeting }> {
  const { actor, team } = await actorFor(deps, ctx);
  const lead = await findLead(deps, team.id, req.leadRef);
  validateSlot(req, ctx.now);
  let moved: Meeting | undefined;
  const { value } = await mutate(
    deps,
    deps.stores.leads,
    lead.id,
    `${ctx.key}|reschedule`,
    (current): Decision<Lead> => {
      const m = scheduledMeeting(current, req.meetingId);
      assertMayChangeMeeting(actor, current, m);
      moved = {
        ...m,
        startsAt: req.startsAt,
        durationMin: req.durationMin,
        timezone: req.timezone,
        revision: m.revision + 1,
      };
      const mm = moved;
      const to = meetingPeople(current, mm);
      return {
        next: {
          ...current,
          meetings: current.meetings.map((x) => (x.id === m.id ? mm : x)),
          updatedAt: ctx.now,
        },
        event: {
          type: 'meeting.rescheduled',
          actorId: actor.id,
          source: ctx.source,
          at: ctx.now,
          data: { meetingId: m.id, startsAt: req.startsAt, revision: mm.revision },
        },
        effects: {
          notices: [
            ...to.map((personId) => ({
              key: `mtg:${m.id}:rescheduled:${mm.revision}:${personId}`,
              to: { personId },
              body: { kind: 'meeting.rescheduled' as const, leadId: current.id, meetingId: m.id },
            })),
            // Every card that shows the meeting shows the new time.
            cardsChanged(team, current, `mtg:${m.id}:${mm.revision}`),
          ],
          timers: meetingTimers(current, mm, ctx.now),
        },
      };
    },
    leadNotFound(req.leadRef),
  );
  const meeting = moved ?? currentMeeting(value);
  if (!meeting) throw new BatonError('MEETING_NOT_FOUND', 'meeting not found', {});
  return { lead: value, meeting };
}

/** Cancels a scheduled meeting; the lead goes back to claimed. */
export async function cancelMeeting(
  deps: CoreDeps,
  req: { leadRef: string; meetingId?: string; reason?: string },
  ctx: Ctx,
): Promise<Lead> {
  const { actor, team } = await actorFor(deps, ctx);
  const lead = await findLead(deps, team.id, req.leadRef);
  const { value } = await mutate(
    deps,
    deps.stores.leads,
    lead.id,
    `${ctx.key}|cancel-meeting`,
    (current): Decision<Lead> => {
      const m = scheduledMeeting(current, req.meetingId);
      assertMayChangeMeeting(actor, current, m);
      assertTransition(current.status, 'claimed', 'cancel the meeting');
      return {
        next: {
          ...current,
          status: 'claimed',
          meetings: current.meetings.map((x) =>
            x.id === m.id ? { ...x, status: 'cancelled', revision: x.revision + 1 } : x,
          ),
          updatedAt: ctx.now,
        },
        event: {
          type: 'meeting.cancelled',
          actorId: actor.id,
          source: ctx.source,
          at: ctx.now,
          from: current.status,
          to: 'claimed',
          ...(req.reason ? { reason: req.reason } : {}),
          data: { meetingId: m.id },
        },
        effects: {
          notices: [
            ...meetingPeople(current, m).map((personId) => ({
              key: `mtg:${m.id}:cancelled:${personId}`,
              to: { personId },
              body: { kind: 'meeting.cancelled' as const, leadId: current.id, meetingId: m.id },
            })),
            // The cards drop the meeting and its Held / No-show buttons.
            cardsChanged(team, current, `mtg:${m.id}:cancelled`),
          ],
        },
      };
    },
    leadNotFound(req.leadRef),
  );
  return value;
}
