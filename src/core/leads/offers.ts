import { DateTime } from 'luxon';
import type { Lead, Offer, RoutingDecision, SkipReason } from './lead.js';
import type { Notice } from '../notices.js';
import type { Ctx, EventDraft } from '../ports.js';
import type { Team } from '../roster/team.js';
import { addWorkingMinutes } from '../time.js';
import type { CoreDeps } from '../shared/deps.js';
import { escalationEffects, escalationDeferredTo } from './escalation.js';
import type { Decision, Effects } from '../shared/mutate.js';
import { loadFreed, pickupTimers } from './pickup-timers.js';
import { chooseAssignee } from '../routing/route.js';

/** When the claim SLA timers of an offer made at `at` fire (optionally in working time only). */
export function slaDue(team: Team, at: Date, minutes: number): Date {
  if (!team.claimSla.workingHoursOnly) return DateTime.fromJSDate(at).plus({ minutes }).toJSDate();
  return addWorkingMinutes({ timezone: team.timezone, days: team.workingDays, ...team.workday }, at, minutes);
}

/**
 * When a lead first offered at `at` is escalated if still unclaimed. With routing inside working
 * hours the window counts the team's working time only: a lead offered at 17:50 is not escalated
 * at night, while nobody can be offered it.
 */
export function escalationDue(team: Team, at: Date): Date {
  const minutes = team.claimSla.escalateAfterMin;
  if (!team.routeWithinWorkingHours || team.claimSla.workingHoursOnly) return slaDue(team, at, minutes);
  return addWorkingMinutes({ timezone: team.timezone, days: team.workingDays, ...team.workday }, at, minutes);
}

/**
 * The effects of offering the lead to `personId` as offer number `offerIndex`: the offer in their
 * DM, the team card (posted when `fresh`, else edited), the reminder and re-offer timers, and on
 * the lead's first offer the escalation timer.
 */
export function offerEffects(
  team: Team,
  lead: Lead,
  personId: string,
  offerIndex: number,
  at: Date,
  opts: { fresh?: boolean } = {},
): Effects {
  const notices: Notice[] = [
    {
      key: `lead:${lead.id}:card`,
      to: { teamChannel: team.id },
      body: { kind: 'lead.card', leadId: lead.id },
    },
    {
      key: `lead:${lead.id}:offer:${offerIndex}`,
      to: { personId },
      body: { kind: 'lead.offered', leadId: lead.id, offerIndex },
    },
  ];
  if (!opts.fresh) notices.push(cardsChanged(team, lead, `offer:${offerIndex}`));
  const timers: Effects['timers'] = [
    {
      timer: { kind: 'claims.remind', leadId: lead.id, offerIndex },
      at: slaDue(team, at, team.claimSla.remindAfterMin),
    },
    {
      timer: { kind: 'claims.reoffer', leadId: lead.id, offerIndex },
      at: slaDue(team, at, team.claimSla.reofferAfterMin),
    },
  ];
  if (offerIndex === 0) {
    timers.push({ timer: { kind: 'claims.escalate', leadId: lead.id }, at: escalationDue(team, at) });
  }
  return { notices, timers };
}

/** Edit the lead's live cards (its channel card, the open offer's messages) after `what`. */
export function cardsChanged(team: Team, lead: Pick<Lead, 'id'>, what: string): Notice {
  return {
    key: `lead:${lead.id}:changed:${what}`,
    to: { teamChannel: team.id },
    body: { kind: 'lead.changed', leadId: lead.id },
  };
}

/**
 * The lead has been offered for the whole escalation time: no new offer is made (the escalation,
 * due now, stops the offers), whichever of the two timers due at this instant runs first.
 */
export function escalationTimeReached(team: Team, lead: Pick<Lead, 'offers'>, now: Date): boolean {
  const first = lead.offers[0];
  return Boolean(first) && escalationDue(team, new Date(first!.at)).getTime() <= now.getTime();
}

/** Closes the open offer (if any) with an outcome. */
export function closeOffer(
  offers: Offer[],
  outcome: NonNullable<Offer['outcome']>,
  at: Date,
  passReason?: string,
): Offer[] {
  return offers.map((o, i) =>
    i === offers.length - 1 && !o.outcome
      ? { ...o, outcome, endedAt: at, ...(passReason ? { passReason } : {}) }
      : o,
  );
}

/** Everyone who passed the lead, and everyone it was offered to (each AE is offered it once). */
export function offerExclusions(offers: readonly Offer[]): Map<string, SkipReason> {
  const exclude = new Map<string, SkipReason>();
  for (const o of offers) if (o.outcome === 'passed') exclude.set(o.personId, { code: 'passed' });
  for (const o of offers) if (!exclude.has(o.personId)) exclude.set(o.personId, { code: 'already_offered' });
  return exclude;
}

/** Skip reasons that pass with time or with a change of load: the person may be offered it later. */
const LATER: ReadonlySet<SkipReason['code']> = new Set(['out_of_office', 'at_cap', 'outside_hours']);

/** Whether some AE not yet offered the lead could take it later (back from leave, on shift, under cap). */
export function someoneLater(routing: RoutingDecision, exclude: ReadonlyMap<string, SkipReason>): boolean {
  return routing.skipped.some((s) => LATER.has(s.reason.code) && !exclude.has(s.personId));
}

/**
 * Moves an unclaimed lead on after its offer ended (expired, passed or withdrawn). Each AE is
 * offered a lead once: the next eligible AE not yet offered it gets it; when nobody is eligible
 * right now but someone not yet offered may be later (on leave, off shift, at their cap), the lead
 * waits in the team queue and is offered when they can take it (claims.pickup); when everyone has
 * been offered it, the round is over: managers are told once and the lead stays in the team queue
 * for any AE to claim, without further offers or reminders.
 */
export async function decideNextOffer(
  deps: CoreDeps,
  team: Team,
  lead: Lead,
  ctx: Ctx,
  ending: { outcome: 'passed' | 'expired' | 'withdrawn'; passReason?: string },
): Promise<Decision<Lead>> {
  const now = ctx.now;
  const who = { source: ctx.source, ...(ctx.actorId ? { actorId: ctx.actorId } : {}) };
  const offers = closeOffer(lead.offers, ending.outcome, now, ending.passReason);
  const exclude = offerExclusions(offers);
  const late = escalationTimeReached(team, lead, now);
  const routing: RoutingDecision = late
    ? { kind: 'queue', skipped: [] }
    : await chooseAssignee(deps, {
        team,
        role: 'ae',
        key: `route:${lead.id}:${offers.length}`,
        now,
        exclude,
        domain: lead.keys.domain,
        leadId: lead.id,
      });
  const notices: Notice[] = [];
  if (ending.outcome === 'passed' && lead.offeredTo)
    notices.push({
      key: `lead:${lead.id}:passed:${offers.length - 1}`,
      to: { personId: lead.createdBy },
      body: {
        kind: 'lead.passed',
        leadId: lead.id,
        byId: lead.offeredTo,
        ...(ending.passReason ? { reason: ending.passReason } : {}),
      },
    });
  const base: Lead = { ...lead, offers, ...(late ? {} : { routing }), updatedAt: now };
  const freed = await loadFreed(deps, team.id, lead.offeredTo, now);
  const eventBase = {
    ...who,
    at: now,
    from: lead.status,
    // The pass reason itself, for the audit trail and the events export.
    ...(ending.passReason ? { reason: ending.passReason } : {}),
    data: { routing: routingForEvent(routing), ending: ending.outcome },
  };
  if (routing.kind !== 'queue' && routing.personId) {
    const offerIndex = offers.length;
    const next: Lead = {
      ...base,
      status: 'offered',
      offeredTo: routing.personId,
      offers: [...offers, { personId: routing.personId, at: now, round: lead.round }],
    };
    const effects = offerEffects(team, next, routing.personId, offerIndex, now);
    return {
      next,
      event: { type: 'lead.reoffered', to: 'offered', ...eventBase },
      effects: {
        notices: [...notices, ...(effects.notices ?? [])],
        timers: [...(effects.timers ?? []), ...freed],
      },
    };
  }
  const queued: Lead = { ...base, status: 'queued', offeredTo: undefined };
  if (someoneLater(routing, exclude)) {
    // Not everyone has seen it yet: it waits for them (the escalation timer still runs).
    const pickup = await pickupTimers(deps, team, now);
    return {
      next: queued,
      event: { type: 'lead.queued', to: 'queued', ...eventBase },
      effects: {
        notices: [
          ...notices,
          ...queuedNotices(team, queued, routing),
          cardsChanged(team, lead, `queued:${offers.length}`),
        ],
        timers: [...pickup, ...freed],
      },
    };
  }
  // A full round (or the escalation time) without a claim: offers stop, managers are told (in
  // the team's working time).
  const stopped: Lead = { ...queued, offersStoppedAt: now };
  const deferredTo = lead.escalatedAt ? null : escalationDeferredTo(team, now);
  const escalation = deferredTo
    ? {
        timers: [
          {
            timer: { kind: 'claims.escalate' as const, leadId: lead.id, deferredTo: deferredTo.toISOString() },
            at: deferredTo,
          },
        ],
      }
    : lead.escalatedAt
      ? {}
      : escalationEffects(lead, now);
  const next: Lead = deferredTo || lead.escalatedAt ? stopped : { ...stopped, escalatedAt: now };
  const event: EventDraft = { type: 'lead.queued', to: 'queued', ...eventBase };
  event.data = { ...event.data, offersStopped: true };
  return {
    next,
    event,
    effects: {
      notices: [...notices, ...(escalation.notices ?? []), cardsChanged(team, lead, `stopped`)],
      timers: [...(escalation.timers ?? []), ...freed],
    },
  };
}

/**
 * Managers hear once that a lead waits in the queue, unless it only waits for the end of the
 * night or the weekend (everyone it could go to is off shift): that is routine, and the lead is
 * offered when the first of them comes on shift.
 */
export function queuedNotices(team: Team, lead: Lead, routing: RoutingDecision): Notice[] {
  const offShiftOnly =
    routing.skipped.length > 0 &&
    routing.skipped.every((s) => ['outside_hours', 'already_offered', 'passed'].includes(s.reason.code)) &&
    routing.skipped.some((s) => s.reason.code === 'outside_hours');
  if (offShiftOnly) return [];
  return [
    {
      key: `lead:${lead.id}:queued`,
      to: { managersOf: team.id },
      body: { kind: 'lead.queued', leadId: lead.id },
    },
  ];
}

/** Routing as stored in an event (dates as dates, nothing else). */
export function routingForEvent(r: RoutingDecision): Record<string, unknown> {
  return { kind: r.kind, personId: r.personId, turn: r.turn, skipped: r.skipped };
}
