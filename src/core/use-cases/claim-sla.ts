import type { Lead } from '../leads/lead.js';
import type { Ctx } from '../ports.js';
import { teamOf } from './actor.js';
import type { CoreDeps } from './deps.js';
import { leadNotFound, minutesBetween } from './lead-refs.js';
import { mutate, runEffects, type Decision } from './mutate.js';
import { decideNextOffer, minutesSinceFirstOffer } from './offers.js';

/** The offer `offerIndex` is still the open one (nobody claimed, passed or moved it since). */
function offerStillOpen(lead: Lead, offerIndex: number): boolean {
  return (
    lead.status === 'offered' && lead.offers.length - 1 === offerIndex && !lead.offers[offerIndex]?.outcome
  );
}

/** Claim SLA, first step: remind the offered AE. Nothing happens once the offer has ended. */
export async function remindClaim(
  deps: CoreDeps,
  req: { leadId: string; offerIndex: number },
): Promise<boolean> {
  const lead = await deps.stores.leads.get(req.leadId);
  if (!lead || !offerStillOpen(lead, req.offerIndex) || !lead.offeredTo) return false;
  await runEffects(deps, {
    notices: [
      {
        key: `lead:${lead.id}:remind:${req.offerIndex}`,
        to: { personId: lead.offeredTo },
        body: { kind: 'lead.claim_reminder', leadId: lead.id },
      },
    ],
  });
  return true;
}

/** Claim SLA, second step: the offer expired; move the lead to the next eligible AE. */
export async function reofferLead(
  deps: CoreDeps,
  req: { leadId: string; offerIndex: number },
  ctx: Ctx,
): Promise<Lead | null> {
  const lead = await deps.stores.leads.get(req.leadId);
  if (!lead || !offerStillOpen(lead, req.offerIndex)) return null;
  const team = await teamOf(deps, lead.teamId);
  const { value } = await mutate(
    deps,
    deps.stores.leads,
    lead.id,
    `${lead.id}|expire:${req.offerIndex}`,
    async (current): Promise<Decision<Lead>> => {
      if (!offerStillOpen(current, req.offerIndex)) return null;
      return decideNextOffer(deps, team, current, ctx, { outcome: 'expired' });
    },
    leadNotFound(lead.id),
  );
  return value;
}

/** Claim SLA, last step: managers are told once if the lead is still unclaimed. */
export async function escalateUnclaimed(deps: CoreDeps, req: { leadId: string }, ctx: Ctx): Promise<boolean> {
  const lead = await deps.stores.leads.get(req.leadId);
  if (!lead || lead.ownerId || lead.escalatedAt || !['offered', 'queued'].includes(lead.status)) return false;
  const { value } = await mutate(
    deps,
    deps.stores.leads,
    lead.id,
    `${lead.id}|escalate`,
    (current): Decision<Lead> => {
      if (current.ownerId || current.escalatedAt || !['offered', 'queued'].includes(current.status))
        return null;
      return {
        next: { ...current, escalatedAt: ctx.now, updatedAt: ctx.now },
        event: {
          type: 'lead.escalated',
          source: ctx.source,
          at: ctx.now,
          data: { minutes: minutesBetween(current.createdAt, ctx.now) },
        },
        effects: {
          notices: [
            {
              key: `lead:${current.id}:escalated`,
              to: { managersOf: current.teamId },
              body: {
                kind: 'lead.escalated',
                leadId: current.id,
                minutes: minutesSinceFirstOffer(current, ctx.now),
              },
            },
          ],
        },
      };
    },
    leadNotFound(lead.id),
  );
  return Boolean(value.escalatedAt);
}
