import { BatonError } from '../errors.js';
import type { Account } from '../accounts/account.js';
import type { Lead, RoutingDecision, SkipReason } from '../leads/lead.js';
import type { RotationTurn } from '../ports.js';
import { assessEligibility, type Eligibility } from './eligibility.js';
import { creditTurn, pickSmoothWeighted, type Candidate } from './rotation.js';
import { hasRole, outOfOfficeAt, type Person } from '../roster/person.js';
import type { Team } from '../roster/team.js';
import type { CoreDeps } from '../shared/deps.js';

export function poolName(role: 'ae' | 'am', teamId: string): string {
  return `${role}:${teamId}`;
}

/**
 * Takes the next turn of a rotation pool, exactly once per `key`: the turn's sequence number is
 * an insert-once record, so concurrent leads and several bot processes each get their own turn
 * computed from the state left by the previous one, and a re-run of the same routing reuses its
 * turn instead of taking another.
 */
export async function takeTurn(
  deps: CoreDeps,
  pool: string,
  key: string,
  candidates: Candidate[],
  now: Date,
  pickable?: ReadonlySet<string>,
): Promise<RotationTurn> {
  // No lookup of the key first: a key that took a turn already makes the insert return that turn.
  // The first try goes after the turn this process saw last (no read): the insert-once slot says
  // whether that was still the latest, and a turn computed on a stale state is never stored.
  for (let attempt = 0; attempt < 200; attempt++) {
    const latest = await deps.stores.rotation.latest(pool, { seen: attempt === 0 });
    const turn = turnAfter(latest, pool, key, candidates, now, pickable);
    const r = await deps.stores.rotation.insert(turn);
    if (r === 'inserted') return turn;
    if (r !== 'seq_taken') return r.existing;
  }
  throw new BatonError('CONFLICT', `rotation ${pool} is too busy; try again`, { pool });
}

/** The turn that would follow `latest`: the next seq, to whoever smooth weighted round robin picks. */
function turnAfter(
  latest: RotationTurn | null,
  pool: string,
  key: string,
  candidates: Candidate[],
  now: Date,
  pickable?: ReadonlySet<string>,
): RotationTurn {
  const { chosen, weights } = pickSmoothWeighted(latest?.weights ?? {}, candidates, pickable);
  return { pool, seq: (latest?.seq ?? 0) + 1, kind: 'assign', personId: chosen, key, weights, at: now };
}

/** Gives a person their turn back (a no-show), once per `key`. */
export async function creditBack(
  deps: CoreDeps,
  pool: string,
  key: string,
  personId: string,
  roundTotal: number,
  now: Date,
): Promise<void> {
  // No lookup of the key first (a scan): a key that took a turn already makes the insert say so.
  for (let attempt = 0; attempt < 200; attempt++) {
    const latest = await deps.stores.rotation.latest(pool, { seen: attempt === 0 });
    const turn: RotationTurn = {
      pool,
      seq: (latest?.seq ?? 0) + 1,
      kind: 'credit',
      personId,
      key,
      weights: creditTurn(latest?.weights ?? {}, personId, roundTotal),
      at: now,
    };
    const r = await deps.stores.rotation.insert(turn);
    if (r !== 'seq_taken') return;
  }
}

/**
 * Decides who gets a lead (pool 'ae') or a won account (pool 'am'): the company's existing owner
 * first; otherwise weighted round robin over eligible people; nobody eligible → the team queue.
 * The decision says who was skipped and why, for the card.
 */
export async function chooseAssignee(deps: CoreDeps, input: AssigneeInput): Promise<RoutingDecision> {
  const plan = await planAssignee(deps, input);
  return plan.kind === 'decided' ? plan.decision : assignTurn(deps, plan);
}

export type AssigneeInput = {
  team: Team;
  role: 'ae' | 'am';
  /** Idempotency key of the turn (one turn per routing step). */
  key: string;
  now: Date;
  domain?: string;
  /** The lead being routed (not its own "existing owner"). */
  leadId?: string;
  exclude?: ReadonlyMap<string, SkipReason>;
  /** What the caller read of `domain` a moment ago (a duplicate check), so it is not read again. */
  domainSeen?: DomainSeen;
};

/**
 * What routing needs to decide (see {@link chooseAssignee}) short of taking a turn: the decision
 * when it is the company's owner or the queue, otherwise the rotation turn it would take.
 */
export type AssigneePlan =
  | { kind: 'decided'; decision: RoutingDecision }
  | {
      kind: 'turn';
      pool: string;
      key: string;
      candidates: Candidate[];
      pickable: ReadonlySet<string>;
      now: Date;
      skipped: RoutingDecision['skipped'];
    };

/** chooseAssignee up to its turn: everything it reads, nothing it writes. */
export async function planAssignee(deps: CoreDeps, input: AssigneeInput): Promise<AssigneePlan> {
  const { team, role, now } = input;
  const people = await deps.stores.people.listTeam(team.id, { activeOnly: true });
  const ownerSkip: RoutingDecision['skipped'] = [];

  if (input.domain) {
    const owner = await existingOwner(deps, team.id, role, input.domain, input.leadId, input.domainSeen);
    if (owner) {
      const person = people.find((p) => p.id === owner.personId);
      const excluded = input.exclude?.get(owner.personId);
      const ooo = person ? outOfOfficeAt(person, now) : undefined;
      if (person && hasRole(person, role) && !excluded && !ooo) {
        return {
          kind: 'decided',
          decision: { kind: 'owner', personId: person.id, skipped: [], detail: owner.detail },
        };
      }
      if (person && ooo && !excluded) {
        ownerSkip.push({ personId: person.id, reason: { code: 'out_of_office', until: ooo.until } });
      }
    }
  }

  const { eligible, skipped } = await currentEligibility(deps, team, role, people, now, {
    onlyForCaps: true,
  });
  const excluded = eligible.filter((p) => input.exclude?.has(p.id));
  const pickable = eligible.filter((p) => !input.exclude?.has(p.id));
  const allSkipped = [
    ...ownerSkip,
    ...excluded.map((p) => ({ personId: p.id, reason: input.exclude!.get(p.id)! })),
    ...skipped.filter((s) => !ownerSkip.some((o) => o.personId === s.personId)),
  ];
  if (pickable.length === 0) return { kind: 'decided', decision: { kind: 'queue', skipped: allSkipped } };
  return {
    kind: 'turn',
    pool: poolName(role, team.id),
    key: input.key,
    candidates: toCandidates(eligible),
    pickable: new Set(pickable.map((p) => p.id)),
    now,
    skipped: allSkipped,
  };
}

type TurnPlan = Extract<AssigneePlan, { kind: 'turn' }>;

/**
 * The turn the plan would take, after the rotation's latest turn seen here (read when this
 * process has not seen the pool), not stored: for a caller that stores it in a command of its own
 * (a new lead's, behind its number). A turn computed on a stale state is refused there as here.
 */
export async function proposeTurn(deps: CoreDeps, plan: TurnPlan): Promise<RotationTurn> {
  const latest = await deps.stores.rotation.latest(plan.pool, { seen: true });
  return turnAfter(latest, plan.pool, plan.key, plan.candidates, plan.now, plan.pickable);
}

/** The plan's decision: `taken`, the turn stored for its key already, or the turn taken now. */
export async function assignTurn(
  deps: CoreDeps,
  plan: TurnPlan,
  taken?: RotationTurn,
): Promise<RoutingDecision> {
  const turn = taken ?? (await takeTurn(deps, plan.pool, plan.key, plan.candidates, plan.now, plan.pickable));
  return { kind: 'rotation', personId: turn.personId, turn: turn.seq, skipped: plan.skipped };
}

/**
 * Who of `people` could take the role's next turn right now, why the others are skipped, and the
 * load it used (with `onlyForCaps`, none is read when nobody of the role has a cap).
 */
export async function currentEligibility(
  deps: Pick<CoreDeps, 'stores'>,
  team: Team,
  role: 'ae' | 'am',
  people: readonly Person[],
  now: Date,
  opts: { onlyForCaps?: boolean } = {},
): Promise<Eligibility & { load: ReadonlyMap<string, number> }> {
  // Load only matters against a cap: routing skips the query when nobody of the role has one
  // (it is the one read of a new lead that grows with the open pipeline).
  const capped = people.some((p) => hasRole(p, role) && p.cap !== null);
  const load: ReadonlyMap<string, number> =
    opts.onlyForCaps && !capped
      ? new Map()
      : role === 'ae'
        ? await deps.stores.leads.openLoad(team.id)
        : await deps.stores.accounts.amLoad(team.id);
  return { ...eligibilityWith(team, role, people, now, load), load };
}

function eligibilityWith(
  team: Team,
  role: 'ae' | 'am',
  people: readonly Person[],
  now: Date,
  load: ReadonlyMap<string, number>,
): Eligibility {
  return assessEligibility({ people, role, now, load, withinWorkingHours: team.routeWithinWorkingHours });
}

/** The next turns of a rotation as routing would take them, without taking any (see {@link previewTurns}). */
export type RotationPreview = Eligibility & {
  load: ReadonlyMap<string, number>;
  /** Who would get each of the next leads (or accounts), in order. */
  order: string[];
  /** Set when the order stops short: from then on nobody is eligible and new ones wait in the queue. */
  queuedAfter?: { turns: number; skipped: Eligibility['skipped'] };
};

/**
 * Who routing would give the next `turns` leads (pool 'ae') or won accounts ('am') to if they
 * all arrived at `now` for companies nobody owns yet: each turn uses routing's own eligibility
 * and weighted round robin on the rotation's stored state, and counts the lead against the chosen
 * person's load, so a cap stops their turns once it is reached. Nothing is stored.
 */
export async function previewTurns(
  deps: Pick<CoreDeps, 'stores'>,
  team: Team,
  role: 'ae' | 'am',
  people: readonly Person[],
  now: Date,
  turns: number,
): Promise<RotationPreview> {
  const first = await currentEligibility(deps, team, role, people, now);
  const latest = await deps.stores.rotation.latest(poolName(role, team.id));
  const load = new Map(first.load);
  let weights = latest?.weights ?? {};
  let eligible = first.eligible;
  const order: string[] = [];
  for (let i = 0; i < turns; i++) {
    if (i > 0) {
      const next = eligibilityWith(team, role, people, now, load);
      if (!next.eligible.length) return { ...first, order, queuedAfter: { turns: i, skipped: next.skipped } };
      eligible = next.eligible;
    }
    if (!eligible.length) break;
    const turn = pickSmoothWeighted(weights, toCandidates(eligible));
    order.push(turn.chosen);
    weights = turn.weights;
    load.set(turn.chosen, (load.get(turn.chosen) ?? 0) + 1);
  }
  return { ...first, order };
}

export function toCandidates(people: readonly Person[]): Candidate[] {
  return people.map((p) => ({ id: p.id, weight: p.weight }));
}

/** A company domain's open leads and active accounts, as read by the caller. */
export type DomainSeen = { leads: readonly Lead[]; accounts: readonly Account[] };

async function existingOwner(
  deps: CoreDeps,
  teamId: string,
  role: 'ae' | 'am',
  domain: string,
  leadId?: string,
  seen?: DomainSeen,
): Promise<{ personId: string; detail: Record<string, unknown> } | null> {
  if (role === 'ae') {
    const open = seen
      ? seen.leads.filter((l) => l.keys.domain === domain)
      : await deps.stores.leads.findOpenByKeys(teamId, { domain }, leadId ? { except: leadId } : {});
    const owned = open.find((l) => l.id !== leadId && l.ownerId);
    if (owned?.ownerId)
      return { personId: owned.ownerId, detail: { leadId: owned.id, leadNumber: owned.number } };
  }
  const accounts = seen ? seen.accounts : await deps.stores.accounts.byDomain(teamId, domain);
  const acct = accounts[0];
  if (acct) {
    const personId = role === 'ae' ? acct.aeId : acct.amId;
    if (personId) return { personId, detail: { accountId: acct.id, company: acct.company } };
  }
  return null;
}
