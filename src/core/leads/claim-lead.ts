import { BatonError } from '../errors.js';
import type { Lead } from './lead.js';
import { assertTransition } from './lifecycle.js';
import type { Ctx } from '../ports.js';
import { actorFor } from '../shared/actor.js';
import type { CoreDeps } from '../shared/deps.js';
import { leadClaim } from '../kpi/definitions.js';
import { leadNotFound, leadToChange } from './lead-refs.js';
import { mutate, type Decision } from '../shared/mutate.js';
import { closeOffer } from './offers.js';
import { loadFreed } from './pickup-timers.js';

/** `minutes`: the lead's speed to claim (definitions.ts), exact. */
export type ClaimResult = { lead: Lead; minutes: number; alreadyYours: boolean };

/**
 * Claim: exactly one person ever owns the lead, however many clicks race. The claim is the event
 * inserted once at the lead's next version; every loser re-reads and gets LEAD_ALREADY_CLAIMED
 * naming the owner. Clicking again on your own claim is not an error.
 */
export async function claimLead(deps: CoreDeps, req: { leadRef: string }, ctx: Ctx): Promise<ClaimResult> {
  const { actor, team } = await actorFor(deps, ctx, 'lead.claim');
  const lead = await leadToChange(deps, team.id, req.leadRef);
  let alreadyYours = false;
  const { value } = await mutate(
    deps,
    deps.stores.leads,
    lead.id,
    `${ctx.key}|claim`,
    async (current): Promise<Decision<Lead>> => {
      if (current.ownerId === actor.id) {
        alreadyYours = true;
        return null;
      }
      if (current.ownerId) {
        throw new BatonError('LEAD_ALREADY_CLAIMED', `already claimed`, {
          ownerId: current.ownerId,
          claimedAt: current.claimedAt,
          leadNumber: current.number,
        });
      }
      assertTransition(current.status, 'claimed', 'claim the lead');
      // A lead in the team queue is anyone's to claim; an open offer may be the offered AE's only.
      if (team.claimOfferedOnly && current.status === 'offered' && current.offeredTo !== actor.id) {
        throw new BatonError('NOT_OFFERED_TO_YOU', 'this lead is offered to someone else', {
          offeredTo: current.offeredTo,
        });
      }
      const ownOffer = current.offeredTo === actor.id;
      // A lead handed back by someone who left may carry a scheduled meeting: it comes along.
      const meetings = current.meetings.map((m) => (m.status === 'scheduled' ? { ...m, aeId: actor.id } : m));
      const next: Lead = {
        ...current,
        status: meetings.some((m) => m.status === 'scheduled') ? 'meeting_booked' : 'claimed',
        meetings,
        ownerId: actor.id,
        claimedAt: ctx.now,
        offeredTo: undefined,
        offers: closeOffer(current.offers, ownOffer ? 'claimed' : 'withdrawn', ctx.now),
        updatedAt: ctx.now,
      };
      const minutes = leadClaim(next)?.minutes ?? 0;
      return {
        next,
        event: {
          type: 'lead.claimed',
          actorId: actor.id,
          source: ctx.source,
          at: ctx.now,
          from: current.status,
          to: 'claimed',
          data: { minutes, offered: ownOffer },
        },
        effects: {
          notices: [
            {
              key: `lead:${current.id}:changed:claimed`,
              to: { teamChannel: team.id },
              body: { kind: 'lead.changed', leadId: current.id },
            },
            {
              key: `lead:${current.id}:claimed`,
              to: { personId: current.createdBy },
              body: { kind: 'lead.claimed', leadId: current.id, ownerId: actor.id, minutes },
            },
          ],
          // Taken from someone else's offer: their load went down.
          timers: ownOffer ? [] : await loadFreed(deps, team.id, current.offeredTo, ctx.now),
        },
      };
    },
    leadNotFound(req.leadRef),
  );
  return { lead: value, minutes: leadClaim(value)?.minutes ?? 0, alreadyYours };
}
