import type { Account } from './accounts/account.js';
import type { ApiKey } from './integrations/api-key.js';
import type { Lead, LeadStatus } from './leads/lead.js';
import type { Person } from './roster/person.js';
import type { Team } from './roster/team.js';
import type { WebhookStore } from './webhooks/webhook.js';

export type Source = 'slack' | 'telegram' | 'console' | 'job' | 'cli' | 'api';

/** Who is acting, through what, under which idempotency key, and when. */
export type Ctx = {
  /** The person acting; absent for jobs and the operator CLI. */
  actorId?: string;
  source: Source;
  /** Idempotency key of the request (Slack trigger/action, Telegram update, job run). */
  key: string;
  now: Date;
  /**
   * The actor and their team as this request already read them (the chat session did): the use
   * case takes them instead of reading both again. Only used when `actor.id` is `actorId`.
   */
  loaded?: { actor: Person; team: Team };
  /** What authorised a request that is no person's own chat (`api-key:ak_…`): the audit trail names it. */
  credential?: string;
};

/** One appended fact about an aggregate: the audit trail and the concurrency control. */
export type DomainEvent = {
  /** `<aggregateId>:<version>` — inserting it is what makes a change win. */
  id: string;
  aggregate: 'lead' | 'account';
  aggregateId: string;
  teamId: string;
  version: number;
  type: string;
  actorId?: string;
  source: Source;
  /** The credential the request came with, when it is not the actor's chat (an API key's id). */
  credential?: string;
  at: Date;
  /** Idempotency key; unique across events when set. */
  key?: string;
  from?: string;
  to?: string;
  reason?: string;
  data?: Record<string, unknown>;
};

export type EventDraft = Omit<DomainEvent, 'id' | 'aggregate' | 'aggregateId' | 'teamId' | 'version'>;

export interface TeamStore {
  /** Inserts a new team; false when its id exists. */
  insert(team: Team): Promise<boolean>;
  /** The team with this id, or null. */
  get(id: string): Promise<Team | null>;
  /** Every team. */
  list(): Promise<Team[]>;
  /** Replaces the given fields and returns the updated team. */
  update(id: string, patch: Partial<Omit<Team, 'id'>>): Promise<Team>;
}

export interface PersonStore {
  /** Inserts a person and claims each address; ADDRESS_TAKEN (nothing written) if one is in use. */
  insert(person: Person): Promise<void>;
  /** The person with this id, or null. */
  get(id: string): Promise<Person | null>;
  /** The people with these ids (missing ids are skipped). */
  getMany(ids: string[]): Promise<Person[]>;
  /** The person a platform address belongs to, or null. */
  byAddress(address: string): Promise<Person | null>;
  /** The person with this handle in the team, or null. */
  byHandle(teamId: string, handle: string): Promise<Person | null>;
  /** The person a manager registered under this Telegram @username (not yet linked), or null. */
  byTelegramUsername(username: string): Promise<Person | null>;
  /** The team's people, optionally only active ones. */
  listTeam(teamId: string, opts?: { activeOnly?: boolean }): Promise<Person[]>;
  /** How many people exist in the deployment. */
  count(): Promise<number>;
  /** Replaces the given fields and returns the updated person. */
  update(id: string, patch: Partial<Omit<Person, 'id' | 'addresses'>>): Promise<Person>;
  /** Adds an address to a person (insert-once); ADDRESS_TAKEN if another person has it. */
  linkAddress(personId: string, address: string): Promise<void>;
}

export type LeadQuery = {
  teamId: string;
  statuses?: readonly LeadStatus[];
  ownerId?: string;
  offeredTo?: string;
  createdBy?: string;
  createdSince?: Date;
  updatedSince?: Date;
  limit?: number;
};

/** A versioned aggregate store: changes are events inserted once at `version + 1`. */
export interface AggregateStore<T extends { id: string; teamId: string; version: number }> {
  /**
   * Inserts a new aggregate at version 0 with its creation event; false when the id exists.
   * `then`, its first change (version 1), is stored in the same writes: true only when this call
   * stored both; on false, read the aggregate (a twin or an earlier attempt stored what is there).
   */
  insert(doc: T, event: EventDraft, then?: { next: T; event: EventDraft }): Promise<boolean>;
  /** The aggregate, or null. */
  get(id: string): Promise<T | null>;
  /**
   * The aggregate as this process last wrote or read it, without a read (null when it has none):
   * a state to decide a change on, possibly behind — the commit's CONFLICT says so.
   */
  remembered(id: string): T | null;
  /**
   * Appends `event` at `current.version + 1` and stores `next`. CONFLICT when another change won
   * that version (re-read and decide again); the stored event doubles as the audit trail.
   */
  commit(current: T, next: T, event: EventDraft): Promise<T>;
  /**
   * The event aggregate `id` recorded under an idempotency key among its latest changes, or null.
   * `current` (the aggregate as just read) saves a read.
   */
  eventByKey(id: string, key: string, current?: T): Promise<DomainEvent | null>;
  /** The aggregate's events in order. */
  events(id: string): Promise<DomainEvent[]>;
  /** The aggregate as its event `version` left it, or null. */
  stateAt(id: string, version: number): Promise<T | null>;
  /** The latest event version of each of the team's aggregates (reads every event: for rebuilds). */
  eventVersions(teamId: string): Promise<Map<string, number>>;
}

export interface LeadStore extends AggregateStore<Lead> {
  /** The lead with this number in the team, or null. */
  byNumber(teamId: string, number: number): Promise<Lead | null>;
  /** The next free lead number of the team (taken through an insert-once sequence). */
  takeNumber(teamId: string, leadId: string): Promise<number>;
  /**
   * Numbers the lead as `takeNumber` does, with the rotation turn routing computed for it (after
   * the latest turn seen) in the same command, behind the number: it goes in only if the number
   * did. `turn` says what its insert did, as RotationStore.insert does, or is null when it was not
   * tried (the lead had its number already, or the database did not say): take it alone then.
   */
  takeNumberAndTurn(
    teamId: string,
    leadId: string,
    turn: RotationTurn,
  ): Promise<{ number: number; turn: 'inserted' | 'seq_taken' | { existing: RotationTurn } | null }>;
  /** Open leads of the team matching any of the keys (`except`: one lead not to read or return). */
  findOpenByKeys(
    teamId: string,
    keys: { email?: string; phone?: string; domain?: string },
    opts?: { except?: string },
  ): Promise<Lead[]>;
  /** The most recent lead (any status) of the company domain, or null. */
  latestByDomain(teamId: string, domain: string): Promise<Lead | null>;
  /** Leads matching the query, newest first. */
  list(q: LeadQuery): Promise<Lead[]>;
  /** The team's leads in the team queue (status queued), oldest first. */
  queued(teamId: string): Promise<Lead[]>;
  /** Open leads per person (owned or currently offered) in the team. */
  openLoad(teamId: string): Promise<Map<string, number>>;
  /** Streams the team's leads (projection for KPIs), oldest first. */
  scan(teamId: string, opts?: { since?: Date }): AsyncIterable<Lead>;
  /** About how many leads exist in the deployment (every team; a fast estimate, for `check`). */
  count(): Promise<number>;
}

export interface AccountStore extends AggregateStore<Account> {
  /** The team's accounts, optionally only active ones or those of one AM. */
  list(q: { teamId: string; status?: 'active' | 'churned'; amId?: string }): Promise<Account[]>;
  /** Active accounts of the company domain. */
  byDomain(teamId: string, domain: string): Promise<Account[]>;
  /** Active accounts per AM in the team. */
  amLoad(teamId: string): Promise<Map<string, number>>;
  /** Streams every account of the team (active and churned), for KPIs. */
  scan(teamId: string): AsyncIterable<Account>;
}

/** State of a weighted round-robin pool, carried forward by each turn. */
export type RotationTurn = {
  pool: string;
  seq: number;
  /** What the turn did: gave someone a lead, or gave a turn back (no-show credit). */
  kind: 'assign' | 'credit';
  personId: string;
  /** Idempotency key (e.g. `route:<leadId>:<round>`); one turn per key. */
  key: string;
  /** Smooth weighted round-robin current weights after this turn. */
  weights: Record<string, number>;
  at: Date;
};

export interface RotationStore {
  /**
   * The pool's latest turn, or null for a fresh pool. With `seen`, the latest this process saw
   * if it saw the pool (no read: possibly behind, which the next insert's 'seq_taken' says).
   */
  latest(pool: string, opts?: { seen?: boolean }): Promise<RotationTurn | null>;
  /**
   * Inserts the turn. 'seq_taken' when another process took that seq first (read again),
   * or the turn already stored under the same key (a re-run: reuse it).
   */
  insert(turn: RotationTurn): Promise<'inserted' | 'seq_taken' | { existing: RotationTurn }>;
  /** The turn stored under an idempotency key, or null (a query by key: for repairs, not per lead). */
  byKey(key: string): Promise<RotationTurn | null>;
}

/** Insert-once records for one-off facts (first admin, invites, inbound requests). */
export interface Ledger {
  /** Inserts `doc` under `id` in `kind`; false when it was there already. */
  insertOnce(kind: string, id: string, doc: Record<string, unknown>): Promise<boolean>;
  /** The record, or null. */
  get(kind: string, id: string): Promise<Record<string, unknown> | null>;
  /** Sets fields on an existing record (not a race decider: only the inserter writes here). */
  mark(kind: string, id: string, fields: Record<string, unknown>): Promise<void>;
  /** Deletes the records of `kind` whose `at` is before `before` (kinds kept for a while only); returns how many. */
  purge(kind: string, before: Date): Promise<number>;
}

/** The teams' lead intake API keys (hashed; see integrations/api-key.ts). */
export interface ApiKeyStore {
  /** Inserts a key; false when a key with its id exists (a retried create). */
  insert(key: ApiKey): Promise<boolean>;
  /** The key with this id, or null (read afresh every time: a revocation counts at once). */
  get(id: string): Promise<ApiKey | null>;
  /** Every key of the team, revoked ones included. */
  listTeam(teamId: string): Promise<ApiKey[]>;
  /** Sets the given fields (revocation, last use); not a race decider: both are idempotent. */
  update(id: string, patch: Partial<Pick<ApiKey, 'revokedAt' | 'revokedBy' | 'lastUsedAt'>>): Promise<void>;
}

/** KPI facts (core/kpi/facts.ts) summed per team: a document per UTC day and one for `now`. */
export interface KpiFactStore {
  /**
   * Adds the facts a change caused, exactly once per `causeId` (the event's id): a cause already
   * recorded with the sums is skipped. `sinceReset`: skip only causes recorded since the team's
   * last rebuild (the rebuild's own catch-up re-adds what the rebuild overwrote).
   */
  apply(
    teamId: string,
    causeId: string,
    delta: Record<string, number>,
    opts?: { sinceReset?: boolean },
  ): Promise<void>;
  /**
   * The team's summed facts of the buckets from `from` to `to` (whole UTC days) and of `now`. A
   * day no instant of `cuts` (the report's window bounds) falls inside may come as its day's sums,
   * dated at its first bucket.
   */
  read(teamId: string, from: Date, to: Date, cuts?: readonly Date[]): Promise<[string, number][]>;
  /** Replaces the team's facts with `facts` (a rebuild), keeping what was recorded as applied. */
  reset(teamId: string, facts: Record<string, number>): Promise<void>;
  /**
   * The layout of the stored facts. A new layout is built once per team on the first start of a
   * version that has it (until then a team's facts are not `ready` and its reports stream leads).
   */
  readonly layout: number;
  /** Whether the team's facts are complete in this layout (rebuilt, or created with facts kept). */
  ready(teamId: string): Promise<boolean>;
  /** Records that the team's facts are complete. */
  markReady(teamId: string): Promise<void>;
}

/** A timer the core wants to fire later (claim SLA, meeting reminders, renewal nudges). */
export type Timer =
  | { kind: 'claims.remind'; leadId: string; offerIndex: number }
  | { kind: 'claims.reoffer'; leadId: string; offerIndex: number }
  /** `deferredTo`: an escalation put off until the team's working time (a new timer). */
  | { kind: 'claims.escalate'; leadId: string; deferredTo?: string }
  /** Offer the team's queued leads to whoever is eligible at `at` (someone came on shift…). */
  | { kind: 'claims.pickup'; teamId: string; at: string }
  | { kind: 'meetings.remind'; leadId: string; meetingId: string; revision: number; hoursBefore: number }
  | { kind: 'meetings.outcome'; leadId: string; meetingId: string; revision: number }
  | { kind: 'renewals.nudge'; accountId: string; periodEnd: string; offsetDays: number }
  | { kind: 'renewals.escalate'; accountId: string; periodEnd: string };

export interface Timers {
  /** Schedules `timer` at `at`; scheduling the same timer twice keeps one. */
  schedule(timer: Timer, at: Date): Promise<void>;
  /** Schedules each of `timers` like `schedule`, in one write where the store can. */
  scheduleAll(timers: readonly { timer: Timer; at: Date }[]): Promise<void>;
  /** Drops pending timers of a lead or account (best effort; handlers re-check state anyway). */
  cancelFor(ref: { leadId?: string; accountId?: string }): Promise<void>;
}

/** Roster reads (teams, people) served from memory where the store can. */
export interface RosterReads {
  /**
   * Runs `fn` (one request) on one snapshot of each team's roster: the first read of a team in
   * it checks the cached roster is current, later ones use it (writes in it are seen).
   */
  snapshot<T>(fn: () => Promise<T>): Promise<T>;
}

export type Stores = {
  /** One roster snapshot per request. */
  roster: RosterReads;
  teams: TeamStore;
  people: PersonStore;
  leads: LeadStore;
  accounts: AccountStore;
  rotation: RotationStore;
  ledger: Ledger;
  kpiFacts: KpiFactStore;
  apiKeys: ApiKeyStore;
  /** The teams' outgoing webhooks. */
  webhooks: WebhookStore;
};
