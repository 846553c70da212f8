import type { Account } from '../accounts/account.js';
import { BatonError } from '../errors.js';
import { idFromKey } from '../ids.js';
import type { Lead, RoutingDecision } from './lead.js';
import { dedupeKeys, validateLeadInput, type LeadInput } from './lead-input.js';
import type { Notice } from '../notices.js';
import type { Ctx } from '../ports.js';
import type { Team } from '../roster/team.js';
import { actorFor } from '../shared/actor.js';
import type { CoreDeps } from '../shared/deps.js';
import { mutate, recordedChange, runEffects, type Decision } from '../shared/mutate.js';
import { offerEffects, queuedNotices, routingForEvent } from './offers.js';
import { pickupTimers } from './pickup-timers.js';
import {
  assignTurn,
  chooseAssignee,
  planAssignee,
  proposeTurn,
  type AssigneeInput,
  type DomainSeen,
} from '../routing/route.js';

export type Duplicate = {
  matchedOn: ('email' | 'phone' | 'domain')[];
  lead?: Lead;
  account?: Account;
};

export type CreateLeadResult =
  { status: 'created'; lead: Lead; replayed: boolean } | { status: 'duplicate'; duplicates: Duplicate[] };

/**
 * `/lead`: validates and normalises the lead, refuses duplicates of open leads and accounts
 * (unless `force`), numbers it, routes it and stores it routed. Exactly once per `ctx.key`: the
 * lead's id is derived from the key, and every later step is keyed too, so a retried or recovered
 * request finishes the same lead instead of making a second.
 */
export async function createLead(
  deps: CoreDeps,
  req: { input: LeadInput; force?: boolean },
  ctx: Ctx,
): Promise<CreateLeadResult> {
  const { actor, team } = await actorFor(deps, ctx, 'lead.create');
  const leadId = idFromKey('lead', `${team.id}:${ctx.key}`);
  const fields = validateLeadInput(req.input, team);
  const keys = dedupeKeys(fields);
  // A lead this request stored already (a retry, a recovered request, a twin on another process)
  // is listed under its keys before it is stored, so the duplicate check finds it: read it first
  // only when there is no check. Where neither finds it (closed since, or past the lists' reach),
  // its insert-once creation does, below.
  const checked =
    req.force || !Object.keys(keys).length ? undefined : await findDuplicates(deps, team.id, keys);
  let lead = checked
    ? (checked.find((d) => d.lead?.id === leadId)?.lead ?? null)
    : await deps.stores.leads.get(leadId);
  if (!lead && checked?.length) lead = await deps.stores.leads.get(leadId);
  let replayed = true;
  // What the duplicate check read of the company, handed to routing instead of read again.
  let domainSeen: DomainSeen | undefined;
  if (!lead) {
    replayed = false;
    if (checked) {
      if (checked.length) return { status: 'duplicate', duplicates: checked };
      domainSeen = { leads: [], accounts: [] };
    }
    const { number, routing } = await numberAndRoute(deps, team, leadId, keys.domain, ctx, domainSeen);
    const fresh: Lead = {
      id: leadId,
      teamId: team.id,
      number,
      fields,
      keys,
      status: 'new',
      createdBy: actor.id,
      createdAt: ctx.now,
      offers: [],
      round: 0,
      meetings: [],
      updatedAt: ctx.now,
      version: 0,
      ...(team.demo ? { demo: true } : {}),
    };
    // A new lead is routed as it is stored: its creation and its first routing are two events
    // (the timeline, the webhooks and the KPIs see both) written together, one write of the lead.
    const decision = await firstRouting(deps, team, fresh, ctx, domainSeen, routing);
    const routed = recordedChange(fresh, decision, routeKey(leadId));
    const next: Lead = { ...decision.next, version: 1 };
    const stored = await deps.stores.leads.insert(
      fresh,
      {
        type: 'lead.created',
        actorId: actor.id,
        source: ctx.source,
        ...(ctx.credential ? { credential: ctx.credential } : {}),
        at: ctx.now,
        key: `${ctx.key}|created`,
        to: 'new',
        data: { forced: Boolean(req.force) },
      },
      { next, event: routed.draft },
    );
    if (stored) {
      await runEffects(deps, routed.effects, next);
      return { status: 'created', lead: next, replayed };
    }
    // A twin request (or this one before a crash) stored the lead: route it, or replay its routing.
    lead = fresh;
  }
  lead = await routeNewLead(deps, team, lead, ctx, domainSeen);
  return { status: 'created', lead, replayed };
}

/** The idempotency key of a lead's first routing. */
const routeKey = (leadId: string) => `${leadId}|route`;

/** What a lead's first routing is given (its rotation turn's key: one turn per lead). */
const firstRouteInput = (
  team: Team,
  leadId: string,
  domain: string | undefined,
  ctx: Ctx,
  domainSeen?: DomainSeen,
): AssigneeInput => ({
  team,
  role: 'ae',
  key: `route:${leadId}:0`,
  now: ctx.now,
  domain,
  leadId,
  ...(domainSeen ? { domainSeen } : {}),
});

/**
 * A new lead's number and its first routing. When routing goes to the rotation, its turn (after
 * the latest one seen) is inserted in the number's command, behind it; a turn that did not go in
 * there (someone took that turn first, the lead had its number already) is taken alone, as routing
 * does. Routing to the company's owner or the queue takes no turn: the number alone.
 */
async function numberAndRoute(
  deps: CoreDeps,
  team: Team,
  leadId: string,
  domain: string | undefined,
  ctx: Ctx,
  domainSeen?: DomainSeen,
): Promise<{ number: number; routing: RoutingDecision }> {
  const plan = await planAssignee(deps, firstRouteInput(team, leadId, domain, ctx, domainSeen));
  if (plan.kind === 'decided') {
    return { number: await deps.stores.leads.takeNumber(team.id, leadId), routing: plan.decision };
  }
  const turn = await proposeTurn(deps, plan);
  const r = await deps.stores.leads.takeNumberAndTurn(team.id, leadId, turn);
  const taken = r.turn === 'inserted' ? turn : r.turn && r.turn !== 'seq_taken' ? r.turn.existing : undefined;
  return { number: r.number, routing: await assignTurn(deps, plan, taken) };
}

/** Open leads and active accounts that share an email, phone or company domain. */
export async function findDuplicates(
  deps: CoreDeps,
  teamId: string,
  keys: { email?: string; phone?: string; domain?: string },
): Promise<Duplicate[]> {
  const out: Duplicate[] = [];
  for (const lead of await deps.stores.leads.findOpenByKeys(teamId, keys)) {
    const matchedOn = (['email', 'phone', 'domain'] as const).filter(
      (k) => keys[k] && lead.keys[k] === keys[k],
    );
    out.push({ matchedOn, lead });
  }
  if (keys.domain) {
    for (const account of await deps.stores.accounts.byDomain(teamId, keys.domain)) {
      out.push({ matchedOn: ['domain'], account });
    }
  }
  return out;
}

/** First routing of a lead stored before it was routed: a no-op once the lead has moved on. */
async function routeNewLead(
  deps: CoreDeps,
  team: Team,
  lead: Lead,
  ctx: Ctx,
  domainSeen?: DomainSeen,
): Promise<Lead> {
  const { value } = await mutate(
    deps,
    deps.stores.leads,
    lead.id,
    routeKey(lead.id),
    (current) => (current.status === 'new' ? firstRouting(deps, team, current, ctx, domainSeen) : null),
    () => new BatonError('LEAD_NOT_FOUND', `lead ${lead.id} not found`, { leadId: lead.id }),
  );
  return value;
}

/** A new lead's first routing: to the company's owner, the rotation's next AE, or the team queue. */
async function firstRouting(
  deps: CoreDeps,
  team: Team,
  current: Lead,
  ctx: Ctx,
  domainSeen?: DomainSeen,
  /** Decided already (with the lead's number, see numberAndRoute). */
  decided?: RoutingDecision,
): Promise<NonNullable<Decision<Lead>>> {
  const routing =
    decided ??
    (await chooseAssignee(deps, firstRouteInput(team, current.id, current.keys.domain, ctx, domainSeen)));
  const who = {
    source: ctx.source,
    ...(ctx.actorId ? { actorId: ctx.actorId } : {}),
    ...(ctx.credential ? { credential: ctx.credential } : {}),
  };
  if (routing.kind === 'queue' || !routing.personId) {
    const next: Lead = { ...current, status: 'queued', routing, updatedAt: ctx.now };
    const notices: Notice[] = [
      {
        key: `lead:${current.id}:card`,
        to: { teamChannel: team.id },
        body: { kind: 'lead.card', leadId: current.id },
      },
      ...queuedNotices(team, next, routing),
    ];
    return {
      next,
      event: {
        type: 'lead.queued',
        ...who,
        at: ctx.now,
        from: 'new',
        to: 'queued',
        data: { routing: routingForEvent(routing) },
      },
      // Offered as soon as someone can take it (on shift, back from leave).
      effects: { notices, timers: await pickupTimers(deps, team, ctx.now) },
    };
  }
  const next: Lead = {
    ...current,
    status: 'offered',
    routing,
    offeredTo: routing.personId,
    offers: [{ personId: routing.personId, at: ctx.now, round: 0 }],
    updatedAt: ctx.now,
  };
  return {
    next,
    event: {
      type: 'lead.offered',
      ...who,
      at: ctx.now,
      from: 'new',
      to: 'offered',
      data: { routing: routingForEvent(routing) },
    },
    effects: offerEffects(team, next, routing.personId, 0, ctx.now, { fresh: true }),
  };
}
