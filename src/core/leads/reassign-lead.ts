import { BatonError } from '../errors.js';
import { isOpen, type Lead, type RoutingDecision } from './lead.js';
import { assertTransition } from './lifecycle.js';
import type { Notice } from '../notices.js';
import type { Ctx } from '../ports.js';
import { hasRole, type Person } from '../roster/person.js';
import type { Team } from '../roster/team.js';
import { actorFor } from '../shared/actor.js';
import type { CoreDeps } from '../shared/deps.js';
import { findLead, leadNotFound } from './lead-refs.js';
import { mutate, type Decision } from '../shared/mutate.js';
import { closeOffer } from './offers.js';
import { loadFreed } from './pickup-timers.js';
import { meetingTimers } from '../meetings/meeting-rules.js';

/**
 * A manager gives an open lead to a specific AE. The lead's history (offers, the previous owner,
 * meetings) is kept; the event records who moved it, from whom, to whom and why.
 */
export async function reassignLead(
  deps: CoreDeps,
  req: { leadRef: string; toPersonId: string; reason?: string },
  ctx: Ctx,
): Promise<Lead> {
  const { team } = await actorFor(deps, ctx, 'lead.reassign');
  const lead = await findLead(deps, team.id, req.leadRef);
  const target = await deps.stores.people.get(req.toPersonId);
  if (!target || target.teamId !== team.id) {
    throw new BatonError('UNKNOWN_PERSON', 'no such person in the team', { personId: req.toPersonId });
  }
  assertActiveAe(target);
  return handLeadTo(deps, { team, lead, target, key: `${ctx.key}|reassign`, reason: req.reason }, ctx);
}

/** NOT_ALLOWED unless `target` can own leads (an active AE). */
export function assertActiveAe(target: Person): void {
  if (!target.active || !hasRole(target, 'ae')) {
    throw new BatonError('NOT_ALLOWED', `${target.name} is not an active AE`, {
      needed: ['ae'],
      personId: target.id,
    });
  }
}

/**
 * Moves an open lead to `target` as its owner (a manager's reassignment, or a leaving person's
 * lead handed on), once per `key`. `routing` says how the target was chosen (a manager's choice
 * unless given); scheduled meetings move with the lead.
 */
export async function handLeadTo(
  deps: CoreDeps,
  req: {
    team: Team;
    lead: Lead;
    target: Person;
    key: string;
    reason?: string | undefined;
    routing?: RoutingDecision;
    data?: Record<string, unknown>;
  },
  ctx: Ctx,
): Promise<Lead> {
  const { team, target } = req;
  const { value } = await mutate(
    deps,
    deps.stores.leads,
    req.lead.id,
    req.key,
    async (current): Promise<Decision<Lead>> => {
      if (!isOpen(current.status)) assertTransition(current.status, 'claimed', 'reassign the lead');
      if (current.ownerId === target.id) return null;
      const fromId = current.ownerId ?? current.offeredTo;
      const status = ['new', 'queued', 'offered'].includes(current.status) ? 'claimed' : current.status;
      const next: Lead = {
        ...current,
        status,
        ownerId: target.id,
        claimedAt: current.claimedAt ?? ctx.now,
        offeredTo: undefined,
        offers: closeOffer(current.offers, 'reassigned', ctx.now),
        routing: req.routing ?? {
          kind: 'manual',
          personId: target.id,
          skipped: [],
          detail: { by: ctx.actorId, reason: req.reason },
        },
        // Future meetings move with the lead, each as a new revision: the calendar files' SEQUENCE
        // rises (the new AE's invite, the old AE's cancellation) and the reminders are rescheduled.
        meetings: current.meetings.map((m) =>
          m.status === 'scheduled' ? { ...m, aeId: target.id, revision: m.revision + 1 } : m,
        ),
        updatedAt: ctx.now,
      };
      const notices: Notice[] = [
        {
          key: `lead:${current.id}:reassigned:${current.version}:to`,
          to: { personId: target.id },
          body: {
            kind: 'lead.reassigned',
            leadId: current.id,
            ...(fromId ? { fromId } : {}),
            toId: target.id,
          },
        },
        {
          key: `lead:${current.id}:changed:${current.version}`,
          to: { teamChannel: team.id },
          body: { kind: 'lead.changed', leadId: current.id },
        },
      ];
      if (fromId && fromId !== target.id) {
        notices.push({
          key: `lead:${current.id}:reassigned:${current.version}:from`,
          to: { personId: fromId },
          body: { kind: 'lead.reassigned', leadId: current.id, fromId, toId: target.id },
        });
      }
      return {
        next,
        event: {
          type: 'lead.reassigned',
          ...(ctx.actorId ? { actorId: ctx.actorId } : {}),
          source: ctx.source,
          at: ctx.now,
          from: current.status,
          to: status,
          ...(req.reason ? { reason: req.reason } : {}),
          data: { fromId, toId: target.id, ...req.data },
        },
        effects: {
          notices,
          timers: [
            ...(await loadFreed(deps, team.id, fromId, ctx.now)),
            ...next.meetings
              .filter((m) => m.status === 'scheduled')
              .flatMap((m) => meetingTimers(next, m, ctx.now)),
          ],
        },
      };
    },
    leadNotFound(req.lead.id),
  );
  return value;
}
