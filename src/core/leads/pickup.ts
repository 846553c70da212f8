import type { Lead } from './lead.js';
import type { Ctx } from '../ports.js';
import type { CoreDeps } from '../shared/deps.js';
import { leadNotFound } from './lead-refs.js';
import { mutate, runEffects, type Decision } from '../shared/mutate.js';
import { escalationTimeReached, offerEffects, offerExclusions, routingForEvent } from './offers.js';
import { pickupTimers } from './pickup-timers.js';
import { chooseAssignee } from '../routing/route.js';

/**
 * `claims.pickup`: offers the team's queued leads — oldest first — to the AEs eligible now (on
 * shift, back from leave, under their cap), each lead to someone not yet offered it, as routing
 * would; then schedules the next pickup for when the next AE comes on shift. Leads whose offers
 * stopped (a full round passed) stay in the queue for anyone to claim.
 *
 * Exactly once per lead: the offer is the lead's next event, inserted once under a key derived
 * from the lead's offers so far, and its rotation turn is keyed the same way, so two processes
 * (or a re-run) picking up the same lead at once make one offer to one AE.
 */
export async function offerQueuedLeads(deps: CoreDeps, req: { teamId: string }, ctx: Ctx): Promise<number> {
  const team = await deps.stores.teams.get(req.teamId);
  if (!team) return 0;
  const waiting = (await deps.stores.leads.queued(team.id)).filter((l) => !l.offersStoppedAt);
  let offered = 0;
  let left = 0;
  for (const lead of waiting) {
    const { value } = await mutate(
      deps,
      deps.stores.leads,
      lead.id,
      `${lead.id}|pickup:${lead.offers.length}`,
      async (current): Promise<Decision<Lead>> => {
        if (current.status !== 'queued' || current.offersStoppedAt) return null;
        // Past its escalation time: the escalation (due now) stops its offers instead.
        if (escalationTimeReached(team, current, ctx.now)) return null;
        const routing = await chooseAssignee(deps, {
          team,
          role: 'ae',
          key: `route:${current.id}:${current.offers.length}`,
          now: ctx.now,
          exclude: offerExclusions(current.offers),
          domain: current.keys.domain,
          leadId: current.id,
        });
        if (routing.kind === 'queue' || !routing.personId) return null;
        const offerIndex = current.offers.length;
        const next: Lead = {
          ...current,
          status: 'offered',
          routing,
          offeredTo: routing.personId,
          offers: [...current.offers, { personId: routing.personId, at: ctx.now, round: current.round }],
          updatedAt: ctx.now,
        };
        return {
          next,
          event: {
            type: 'lead.offered',
            source: ctx.source,
            at: ctx.now,
            from: 'queued',
            to: 'offered',
            reason: 'picked_up',
            data: { routing: routingForEvent(routing) },
          },
          effects: offerEffects(team, next, routing.personId, offerIndex, ctx.now),
        };
      },
      leadNotFound(lead.id),
    );
    if (value.status === 'offered' && value.offers.length > lead.offers.length) offered++;
    else if (value.status === 'queued') left++;
  }
  if (left > 0) await runEffects(deps, { timers: await pickupTimers(deps, team, ctx.now) });
  return offered;
}
