import type { Lead } from './lead.js';
import type { Ctx, EventDraft } from '../ports.js';
import { isWorkingTime } from '../time.js';
import { teamOf } from '../shared/actor.js';
import type { CoreDeps } from '../shared/deps.js';
import { escalationDeferredTo, escalationEffects, minutesSinceFirstOffer } from './escalation.js';
import { leadNotFound } from './lead-refs.js';
import { mutate, runEffects, type Decision } from '../shared/mutate.js';
import { cardsChanged, closeOffer, decideNextOffer } from './offers.js';

/** The offer `offerIndex` is still the open one (nobody claimed, passed or moved it since). */
function offerStillOpen(lead: Lead, offerIndex: number): boolean {
  return (
    lead.status === 'offered' && lead.offers.length - 1 === offerIndex && !lead.offers[offerIndex]?.outcome
  );
}

/** Nobody owns the lead and it is still being offered or waits in the queue. */
function unclaimed(lead: Lead): boolean {
  return !lead.ownerId && (lead.status === 'offered' || lead.status === 'queued');
}

/**
 * Claim SLA, first step: remind the offered AE, once per offer. Nothing happens once the offer
 * has ended, nor — when the team routes within working hours — outside the AE's own hours (the
 * offer then simply runs out and moves on to someone on shift).
 */
export async function remindClaim(
  deps: CoreDeps,
  req: { leadId: string; offerIndex: number },
  ctx?: Pick<Ctx, 'now'>,
): Promise<boolean> {
  const lead = await deps.stores.leads.get(req.leadId);
  if (!lead || !offerStillOpen(lead, req.offerIndex) || !lead.offeredTo) return false;
  const team = await teamOf(deps, lead.teamId);
  if (team.routeWithinWorkingHours) {
    const ae = await deps.stores.people.get(lead.offeredTo);
    const now = ctx?.now ?? deps.clock.now();
    if (!ae || !isWorkingTime({ timezone: ae.timezone, ...ae.workingHours }, now)) return false;
  }
  await runEffects(deps, {
    notices: [
      {
        key: `lead:${lead.id}:remind:${req.offerIndex}`,
        to: { personId: lead.offeredTo },
        body: { kind: 'lead.claim_reminder', leadId: lead.id, offerIndex: req.offerIndex },
      },
    ],
  });
  return true;
}

/**
 * Once offers stopped and the managers were told, the lead's remaining claim timers can only do
 * nothing: drop them (best effort) so they neither run nor stop the console's clock.
 */
export async function dropSettledTimers(deps: CoreDeps, lead: Lead): Promise<void> {
  if (lead.offersStoppedAt && lead.escalatedAt && lead.status === 'queued' && !lead.meetings.length)
    await deps.timers.cancelFor({ leadId: lead.id });
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
  await dropSettledTimers(deps, value);
  return value;
}

/**
 * Claim SLA, last step: the escalation time passed and the lead is still unclaimed. Offers stop
 * (the open one expires; the lead waits in the team queue for any AE) and the managers are told,
 * once per lead — in the team's working time when routing respects working hours (otherwise the
 * escalation is put off to the next opening as a new timer, `deferredTo`).
 */
export async function escalateUnclaimed(
  deps: CoreDeps,
  req: { leadId: string; deferredTo?: string },
  ctx: Ctx,
): Promise<boolean> {
  const lead = await deps.stores.leads.get(req.leadId);
  if (!lead || !unclaimed(lead) || (lead.escalatedAt && lead.offersStoppedAt)) return false;
  const team = await teamOf(deps, lead.teamId);
  const later = lead.offersStoppedAt && !lead.escalatedAt ? escalationDeferredTo(team, ctx.now) : null;
  if (later) {
    // Offers already stopped and it is still off hours (the hours changed): wait for the opening.
    const timer = { kind: 'claims.escalate' as const, leadId: lead.id, deferredTo: later.toISOString() };
    await runEffects(deps, { timers: [{ timer, at: later }] });
    return false;
  }
  const { value } = await mutate(
    deps,
    deps.stores.leads,
    lead.id,
    `${lead.id}|escalate${req.deferredTo ? `:${req.deferredTo}` : ''}`,
    (current): Decision<Lead> => {
      if (!unclaimed(current) || (current.escalatedAt && current.offersStoppedAt)) return null;
      const deferredTo = current.escalatedAt ? null : escalationDeferredTo(team, ctx.now);
      const stopping = !current.offersStoppedAt;
      if (!stopping && deferredTo) return null; // handled above
      const next: Lead = {
        ...current,
        status: 'queued',
        offeredTo: undefined,
        offers: closeOffer(current.offers, 'expired', ctx.now),
        offersStoppedAt: current.offersStoppedAt ?? ctx.now,
        ...(deferredTo ? {} : { escalatedAt: current.escalatedAt ?? ctx.now }),
        updatedAt: ctx.now,
      };
      const event: EventDraft = {
        type: deferredTo ? 'lead.queued' : 'lead.escalated',
        source: ctx.source,
        at: ctx.now,
        from: current.status,
        to: 'queued',
        reason: 'escalation_time',
        data: { minutes: minutesSinceFirstOffer(current, ctx.now), offersStopped: stopping },
      };
      const escalation = deferredTo
        ? {
            timers: [
              {
                timer: {
                  kind: 'claims.escalate' as const,
                  leadId: current.id,
                  deferredTo: deferredTo.toISOString(),
                },
                at: deferredTo,
              },
            ],
          }
        : current.escalatedAt
          ? {}
          : escalationEffects(current, ctx.now);
      return {
        next,
        event,
        effects: {
          notices: [
            ...(escalation.notices ?? []),
            ...(stopping ? [cardsChanged(team, current, 'stopped')] : []),
          ],
          timers: escalation.timers ?? [],
        },
      };
    },
    leadNotFound(lead.id),
  );
  await dropSettledTimers(deps, value);
  return Boolean(value.escalatedAt) && value.escalatedAt?.getTime() === ctx.now.getTime();
}
