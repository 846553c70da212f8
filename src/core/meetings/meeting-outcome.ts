import { BatonError } from '../errors.js';
import type { Lead } from '../leads/lead.js';
import { assertTransition } from '../leads/lifecycle.js';
import type { Notice } from '../notices.js';
import type { Ctx } from '../ports.js';
import { isManager } from '../roster/permissions.js';
import { actorFor } from '../shared/actor.js';
import type { CoreDeps } from '../shared/deps.js';
import { findLead, leadNotFound } from '../leads/lead-refs.js';
import { mutate, type Decision } from '../shared/mutate.js';
import { creditBack, poolName } from '../routing/route.js';
import { meetingPeople, scheduledMeeting } from './meeting-rules.js';

/**
 * The AE records what happened: held, or no-show (which gives the AE their rotation turn back).
 * Recorded once: a second click finds the meeting no longer scheduled.
 */
export async function recordMeetingOutcome(
  deps: CoreDeps,
  req: { leadRef: string; meetingId?: string; outcome: 'held' | 'no_show'; note?: string },
  ctx: Ctx,
): Promise<Lead> {
  const { actor, team } = await actorFor(deps, ctx, 'outcome.record');
  const lead = await findLead(deps, team.id, req.leadRef);
  let credited: { aeId: string; meetingId: string } | undefined;
  const { value, event } = await mutate(
    deps,
    deps.stores.leads,
    lead.id,
    `${ctx.key}|outcome`,
    (current): Decision<Lead> => {
      const m = scheduledMeeting(current, req.meetingId);
      if (!isManager(actor) && actor.id !== m.aeId) {
        throw new BatonError('NOT_LEAD_OWNER', 'only the meeting’s AE or a manager can record its outcome', {
          needed: ['manager'],
        });
      }
      if (m.startsAt.getTime() > ctx.now.getTime()) {
        throw new BatonError('ILLEGAL_TRANSITION', 'the meeting has not started yet', {
          from: 'scheduled',
          to: req.outcome,
          what: 'record the outcome',
        });
      }
      assertTransition(current.status, req.outcome, 'record the meeting outcome');
      if (req.outcome === 'no_show') credited = { aeId: m.aeId, meetingId: m.id };
      return {
        next: {
          ...current,
          status: req.outcome,
          meetings: current.meetings.map((x) =>
            x.id === m.id
              ? {
                  ...x,
                  status: req.outcome,
                  outcomeAt: ctx.now,
                  ...(req.note ? { note: req.note.slice(0, 1000) } : {}),
                }
              : x,
          ),
          updatedAt: ctx.now,
        },
        event: {
          type: `meeting.${req.outcome}`,
          actorId: actor.id,
          source: ctx.source,
          at: ctx.now,
          from: current.status,
          to: req.outcome,
          data: { meetingId: m.id, aeId: m.aeId },
        },
        effects: {
          notices: [
            {
              key: `lead:${current.id}:changed:${req.outcome}:${m.id}`,
              to: { teamChannel: team.id },
              body: { kind: 'lead.changed', leadId: current.id },
            },
          ],
        },
      };
    },
    leadNotFound(req.leadRef),
  );
  // On a re-run the credit comes from the recorded event instead of this call's decision.
  const credit =
    credited ??
    (event?.type === 'meeting.no_show'
      ? { aeId: String(event.data?.aeId), meetingId: String(event.data?.meetingId) }
      : undefined);
  if (credit) {
    const aes = (await deps.stores.people.listTeam(team.id, { activeOnly: true })).filter((p) =>
      p.roles.includes('ae'),
    );
    const total = aes.reduce((s, p) => s + p.weight, 0) || 1;
    await creditBack(
      deps,
      poolName('ae', team.id),
      `credit:${credit.meetingId}`,
      credit.aeId,
      total,
      ctx.now,
    );
  }
  return value;
}

/**
 * Meeting reminder timer: the meeting's people (its AE, the lead's SDR, whoever booked it) are
 * reminded, unless the meeting moved or ended.
 */
export async function remindMeeting(
  deps: CoreDeps,
  req: { leadId: string; meetingId: string; revision: number; hoursBefore: number },
): Promise<boolean> {
  const lead = await deps.stores.leads.get(req.leadId);
  const m = lead?.meetings.find((x) => x.id === req.meetingId);
  if (!lead || !m || m.status !== 'scheduled' || m.revision !== req.revision) return false;
  const notices: Notice[] = meetingPeople(lead, m).map((personId) => ({
    key: `mtg:${m.id}:r${m.revision}:remind:${req.hoursBefore}:${personId}`,
    to: { personId },
    body: { kind: 'meeting.reminder', leadId: lead.id, meetingId: m.id, hoursBefore: req.hoursBefore },
  }));
  await deps.notifier.notify(notices);
  return true;
}

/** After the meeting's end the AE is asked what happened (held / no-show / reschedule). */
export async function promptMeetingOutcome(
  deps: CoreDeps,
  req: { leadId: string; meetingId: string; revision: number },
): Promise<boolean> {
  const lead = await deps.stores.leads.get(req.leadId);
  const m = lead?.meetings.find((x) => x.id === req.meetingId);
  if (!lead || !m || m.status !== 'scheduled' || m.revision !== req.revision) return false;
  await deps.notifier.notify([
    {
      key: `mtg:${m.id}:r${m.revision}:outcome`,
      to: { personId: m.aeId },
      body: { kind: 'meeting.outcome_prompt', leadId: lead.id, meetingId: m.id },
    },
  ]);
  return true;
}
