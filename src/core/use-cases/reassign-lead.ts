import { BatonError } from '../errors.js';
import { isOpen, type Lead } from '../leads/lead.js';
import { assertTransition } from '../leads/lifecycle.js';
import type { Notice } from '../notices.js';
import type { Ctx } from '../ports.js';
import { hasRole } from '../roster/person.js';
import { actorFor } from './actor.js';
import type { CoreDeps } from './deps.js';
import { findLead, leadNotFound } from './lead-refs.js';
import { mutate, type Decision } from './mutate.js';
import { closeOffer } from './offers.js';
import { loadFreed } from './pickup-timers.js';

/**
 * A manager gives an open lead to a specific AE. The lead's history (offers, the previous owner,
 * meetings) is kept; the event records who moved it, from whom, to whom and why.
 */
export async function reassignLead(
  deps: CoreDeps,
  req: { leadRef: string; toPersonId: string; reason?: string },
  ctx: Ctx,
): Promise<Lead> {
  const { actor, team } = await actorFor(deps, ctx, 'lead.reassign');
  const lead = await findLead(deps, team.id, req.leadRef);
  const target = await deps.stores.people.get(req.toPersonId);
  if (!target || target.teamId !== team.id) {
    throw new BatonError('UNKNOWN_PERSON', 'no such person in the team', { personId: req.toPersonId });
  }
  if (!target.active || !hasRole(target, 'ae')) {
    throw new BatonError('NOT_ALLOWED', `${target.name} is not an active AE`, {
      needed: ['ae'],
      personId: target.id,
    });
  }
  const { value } = await mutate(
    deps,
    deps.stores.leads,
    lead.id,
    `${ctx.key}|reassign`,
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
        routing: {
          kind: 'manual',
          personId: target.id,
          skipped: [],
          detail: { by: actor.id, reason: req.reason },
        },
        // Future meetings move with the lead.
        meetings: current.meetings.map((m) => (m.status === 'scheduled' ? { ...m, aeId: target.id } : m)),
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
          actorId: actor.id,
          source: ctx.source,
          at: ctx.now,
          from: current.status,
          to: status,
          ...(req.reason ? { reason: req.reason } : {}),
          data: { fromId, toId: target.id },
        },
        effects: { notices, timers: await loadFreed(deps, team.id, fromId, ctx.now) },
      };
    },
    leadNotFound(req.leadRef),
  );
  return value;
}
