import { DateTime } from 'luxon';
import type { Lead, Offer, RoutingDecision, SkipReason } from '../leads/lead.js';
import type { Notice } from '../notices.js';
import type { Ctx } from '../ports.js';
import type { Team } from '../roster/team.js';
import { addWorkingMinutes } from '../time.js';
import type { CoreDeps } from './deps.js';
import type { Decision, Effects } from './mutate.js';
import { chooseAssignee } from './route.js';

/** When the claim SLA timers of an offer made at `at` fire (optionally in working time only). */
export function slaDue(team: Team, at: Date, minutes: number): Date {
  if (!team.claimSla.workingHoursOnly) return DateTime.fromJSDate(at).plus({ minutes }).toJSDate();
  return addWorkingMinutes({ timezone: team.timezone, days: team.workingDays, ...team.workday }, at, minutes);
}

/** The effects of offering the lead to `personId` as offer number `offerIndex`. */
export function offerEffects(
  team: Team,
  lead: Lead,
  personId: string,
  offerIndex: number,
  at: Date,
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
      body: { kind: 'lead.offered', leadId: lead.id },
    },
  ];
  if (offerIndex > 0)
    notices.push({
      key: `lead:${lead.id}:changed:offer:${offerIndex}`,
      to: { teamChannel: team.id },
      body: { kind: 'lead.changed', leadId: lead.id },
    });
  const timers: Effects['timers'] = [
    {
      timer: { kind: 'claim.remind', leadId: lead.id, offerIndex },
      at: slaDue(team, at, team.claimSla.remindAfterMin),
    },
    {
      timer: { kind: 'claim.reoffer', leadId: lead.id, offerIndex },
      at: slaDue(team, at, team.claimSla.reofferAfterMin),
    },
  ];
  if (offerIndex === 0) {
    timers.push({
      timer: { kind: 'claim.escalate', leadId: lead.id },
      at: slaDue(team, at, team.claimSla.escalateAfterMin),
    });
  }
  return { notices, timers };
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

/**
 * Moves an unclaimed lead on: to the next eligible AE of this round (skipping everyone already
 * offered in it and everyone who passed), else a new round for those whose offers merely
 * expired, else the team queue. Managers are told once, the first time a full round ends.
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
  const passed = new Set(offers.filter((o) => o.outcome === 'passed').map((o) => o.personId));
  const exclude = new Map<string, SkipReason>();
  for (const id of passed) exclude.set(id, { code: 'passed' });
  for (const o of offers)
    if (o.round === lead.round && !exclude.has(o.personId))
      exclude.set(o.personId, { code: 'already_offered' });

  let round = lead.round;
  let routing = await chooseAssignee(deps, {
    team,
    role: 'ae',
    key: `route:${lead.id}:${offers.length}`,
    now,
    exclude,
    domain: lead.keys.domain,
    leadId: lead.id,
  });
  const fullRound = routing.kind === 'queue';
  if (fullRound) {
    const onlyPassers = new Map<string, SkipReason>([...passed].map((id) => [id, { code: 'passed' }]));
    round += 1;
    routing = await chooseAssignee(deps, {
      team,
      role: 'ae',
      key: `route:${lead.id}:${offers.length}:r${round}`,
      now,
      exclude: onlyPassers,
      leadId: lead.id,
    });
  }
  const escalate = fullRound && !lead.escalatedAt;
  const notices: Notice[] = [];
  if (escalate) {
    notices.push({
      key: `lead:${lead.id}:escalated`,
      to: { managersOf: team.id },
      body: { kind: 'lead.escalated', leadId: lead.id, minutes: minutesSinceFirstOffer(lead, now) },
    });
  }
  if (ending.outcome === 'passed') {
    const by = lead.offeredTo;
    if (by)
      notices.push({
        key: `lead:${lead.id}:passed:${offers.length - 1}`,
        to: { personId: lead.createdBy },
        body: {
          kind: 'lead.passed',
          leadId: lead.id,
          byId: by,
          ...(ending.passReason ? { reason: ending.passReason } : {}),
        },
      });
  }
  const base: Lead = {
    ...lead,
    offers,
    round,
    routing,
    updatedAt: now,
    ...(escalate ? { escalatedAt: now } : {}),
  };
  const eventData = { routing: routingForEvent(routing), ending: ending.outcome };
  if (routing.kind === 'queue' || !routing.personId) {
    const next: Lead = { ...base, status: 'queued', offeredTo: undefined };
    notices.push({
      key: `lead:${lead.id}:queued:${offers.length}`,
      to: { managersOf: team.id },
      body: { kind: 'lead.queued', leadId: lead.id },
    });
    notices.push({
      key: `lead:${lead.id}:changed:queued:${offers.length}`,
      to: { teamChannel: team.id },
      body: { kind: 'lead.changed', leadId: lead.id },
    });
    return {
      next,
      event: {
        type: 'lead.queued',
        ...who,
        at: now,
        from: lead.status,
        to: 'queued',
        reason: ending.outcome,
        data: eventData,
      },
      effects: { notices },
    };
  }
  const offerIndex = offers.length;
  const next: Lead = {
    ...base,
    status: 'offered',
    offeredTo: routing.personId,
    offers: [...offers, { personId: routing.personId, at: now, round }],
  };
  const effects = offerEffects(team, next, routing.personId, offerIndex, now);
  return {
    next,
    event: {
      type: 'lead.reoffered',
      ...who,
      at: now,
      from: lead.status,
      to: 'offered',
      reason: ending.outcome,
      data: eventData,
    },
    effects: { notices: [...notices, ...(effects.notices ?? [])], timers: effects.timers },
  };
}

export function minutesSinceFirstOffer(lead: Lead, now: Date): number {
  const first = lead.offers[0]?.at ?? lead.createdAt;
  return Math.max(0, Math.round((now.getTime() - new Date(first).getTime()) / 60000));
}

/** Routing as stored in an event (dates as dates, nothing else). */
export function routingForEvent(r: RoutingDecision): Record<string, unknown> {
  return { kind: r.kind, personId: r.personId, turn: r.turn, skipped: r.skipped };
}
