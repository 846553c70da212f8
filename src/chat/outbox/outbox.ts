import type { Notice, Notifier } from '../../core/notices.js';
import type { Lead } from '../../core/leads/lead.js';
import type { LeadStore, PersonStore, RosterReads, TeamStore } from '../../core/ports.js';
import type { Platform } from '../../core/roster/person.js';
import type { Logger } from '../../logger.js';
import type { NoticeRenderer, PlatformSender } from '../ports.js';
import { leadReads, type DeliverDeps } from './deliver.js';
import { Dispatcher, type OutboxMetrics } from './dispatcher.js';
import { leaseInEntry, type OutboxEntry, type OutboxStore } from './outbox-port.js';
import { PRIORITY } from './priority.js';
import { RateLimiter, rateLimits, type PlatformLimits } from './rate-limits.js';
import { resolveRecipients, type Resolved } from './resolve.js';
import { processOwner } from '../../process-owners.js';
import type { Locale } from '../../core/roster/team.js';

export type OutboxDeps = {
  /** Where entries, leases and sent cards are kept. */
  store: OutboxStore;
  people: PersonStore;
  teams: TeamStore;
  /** Leads, so card edits skip messages about offers that ended (see deliver.ts). */
  leads?: Pick<LeadStore, 'get'>;
  renderer: NoticeRenderer;
  /** Senders known at start; adapters created later call `addSender`. */
  senders?: PlatformSender[];
  defaults: { timezone: string; locale: Locale };
  log: Logger;
  limits?: Partial<Record<Platform, Partial<PlatformLimits>>>;
  /** A lease older than this may be taken over by another process (default 60 s). */
  leaseTimeoutMs?: number;
  /** Sends in flight at once (default 8). */
  concurrency?: number;
  /** Transient failures before an entry is marked failed (default 10). */
  maxTries?: number;
  /** Delay before retry number `tries` after a transient error (default 1 s doubling to 60 s). */
  backoffMs?: (tries: number) => number;
  /** Wall clock for leases and rate limits (tests may inject one). */
  wallNow?: () => number;
  /** Lease owner id of this process (default host:pid:random). */
  owner?: string;
  /** One roster snapshot per delivery (the store's); without it each roster read checks alone. */
  roster?: RosterReads;
  /** The webhook half (src/webhooks): records the notices meant for webhooks, once each. */
  webhooks?: { record(notices: Notice[]): Promise<void> };
};

/** The one outbound path: the core's Notifier plus delivery control. */
export type Outbox = Notifier & {
  /** Registers a platform's sender (Slack, Telegram, console). */
  addSender(sender: PlatformSender): void;
  /** Creates indexes, starts delivering, and picks up entries left pending (crash, other process). */
  start(): Promise<void>;
  /**
   * Flushes (delivers what is queued here, for up to `flushMs`, default 3 s), then stops picking
   * new work and lets in-flight sends finish; whatever is still pending stays for a sweep.
   */
  stop(flushMs?: number): Promise<void>;
  /** Queues every pending entry of the database (the `outbox.sweep` job calls this). */
  sweep(limit?: number): Promise<number>;
  /** Deletes settled entries created before `before` (the `jobs.purge` job calls this). */
  purge(before: Date): Promise<number>;
  /** Resolves when nothing queued here is pending (tests, benchmarks, graceful shutdown). */
  drain(): Promise<void>;
  /**
   * A link to the lead's card in its team channel on `platform` (what calendar invites point
   * at), when that card was sent and the platform gives messages links.
   */
  cardLink(leadId: string, platform: Platform): Promise<string | undefined>;
  metrics(): OutboxMetrics;
  readonly store: OutboxStore;
};

/**
 * Creates the outbox. `notify` resolves each notice's recipient to concrete targets and inserts
 * one entry per (notice key, target) with the id `<notice.key>|<target>` before anything is sent;
 * a duplicate notice (a retried request, a re-run job, a second process) is the same id and is
 * ignored. A started outbox records each entry with its first send lease inside it (the insert
 * decides who holds it) and delivers it at once; later attempts are leased apart. Delivery is exactly once across processes and crashes where the platform can tell
 * whether a message was already delivered (`findSent`, Slack); where it cannot (Telegram), the
 * window is one send: a process that dies after the platform accepted a message and before the
 * entry was marked sent leaves a lease that another process takes over after `leaseTimeoutMs`
 * and sends again. Anything else (a retry, a 429, a second process, a re-run job) sends nothing twice.
 * What finished sends leave to record (sent marks, card records) is written together with the
 * other sends in flight at that moment (see settle-batch.ts), a fraction of a second at most.
 */
export function createOutbox(deps: OutboxDeps): Outbox {
  const { store } = deps;
  const senders = new Map<Platform, PlatformSender>();
  for (const s of deps.senders ?? []) senders.set(s.platform, s);
  const wallNow = deps.wallNow ?? Date.now;
  const d: DeliverDeps = {
    store,
    people: deps.people,
    teams: deps.teams,
    ...(deps.leads ? { leads: deps.leads } : {}),
    renderer: deps.renderer,
    senders,
    defaults: deps.defaults,
    log: deps.log,
    owner: deps.owner ?? processOwner(),
    leaseTimeoutMs: deps.leaseTimeoutMs ?? 60_000,
    wallNow,
  };
  const dispatcher = new Dispatcher(d, new RateLimiter(rateLimits(deps.limits)), {
    concurrency: deps.concurrency ?? 8,
    maxTries: deps.maxTries ?? 10,
    backoff: deps.backoffMs ?? ((n) => Math.min(60_000, 1000 * 2 ** (n - 1))),
    ...(deps.roster ? { snapshot: deps.roster.snapshot.bind(deps.roster) } : {}),
  });
  let indexed: Promise<void> | undefined;
  const ready = () => (indexed ??= store.init());

  return {
    store,
    addSender(sender) {
      senders.set(sender.platform, sender);
    },
    async cardLink(leadId, platform) {
      const sender = senders.get(platform);
      if (!sender?.permalink) return undefined;
      const cards = await store.cardsOf(leadId);
      const card = cards.find((c) => c.target.kind === 'channel' && c.ref.platform === platform);
      return card ? sender.permalink(card.ref) : undefined;
    },
    async notify(all: Notice[], committed) {
      const forHooks = all.filter((n) => n.body.kind === 'webhook.event');
      const notices = forHooks.length ? all.filter((n) => n.body.kind !== 'webhook.event') : all;
      if (forHooks.length) await deps.webhooks?.record(forHooks);
      if (!notices.length) return;
      await ready();
      const platforms = new Set(senders.keys());
      const entries: OutboxEntry[] = [];
      const known = new Map<string, Resolved['known']>();
      const now = new Date(wallNow());
      const people = await prefetchPeople(deps.people, notices);
      for (const notice of notices) {
        const priority = PRIORITY[notice.body.kind];
        const resolved = await resolveRecipients({ people, teams: deps.teams, platforms }, notice);
        if (!resolved.length)
          deps.log.debug({ key: notice.key, to: notice.to }, 'outbox: no reachable recipient');
        for (const r of resolved) {
          known.set(`${notice.key}|${r.targetKey}`, r.known);
          entries.push({
            _id: `${notice.key}|${r.targetKey}`,
            notice,
            target: r.target,
            targetKey: r.targetKey,
            platform: r.platform,
            reader: r.reader,
            priority,
            status: 'pending',
            attempt: 0,
            createdAt: now,
          });
        }
      }
      // What this process records it also delivers: each entry carries its first lease (taken in
      // the same insert), so no lease or claim round follows. Entries that existed already (a
      // retried request) go the ordinary way.
      const delivering = dispatcher.isStarted();
      if (delivering) {
        const at = new Date(wallNow());
        for (const e of entries) e.lease = { owner: d.owner, at };
      }
      const fresh = await store.insertMany(entries);
      // The entries delivered now read each of their leads once, together: none when the notices
      // come with their lead as just stored (what a read moments later would return).
      const leads = deps.leads && leadReads(deps.leads, committedLead(notices, committed));
      for (const e of entries) {
        const lease = delivering && fresh.has(e._id) ? leaseInEntry(e) : null;
        if (lease) dispatcher.enqueueOwned(e, lease, known.get(e._id), leads);
        else dispatcher.enqueue(e._id, e.priority);
      }
    },
    async start() {
      await ready();
      dispatcher.start();
      await this.sweep();
    },
    async stop(flushMs = 3000) {
      if (flushMs > 0 && dispatcher.pending() > 0) {
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<void>((r) => (timer = setTimeout(r, flushMs)));
        await Promise.race([dispatcher.drain().catch(() => undefined), timeout]);
        clearTimeout(timer);
      }
      await dispatcher.stop();
    },
    async sweep(limit = 5000) {
      const pending = await store.pending(limit);
      for (const p of pending) dispatcher.enqueue(p._id, p.priority);
      return pending.length;
    },
    drain: () => dispatcher.drain(),
    purge: (before) => store.purge(before),
    metrics: () => ({ ...dispatcher.metrics }),
  };
}

/**
 * The people a batch of notices goes to, read in one query when it names several (a digest's
 * fan-out): a view of the store that answers `get` for them from that read.
 */
async function prefetchPeople(
  store: PersonStore,
  notices: Notice[],
): Promise<Pick<PersonStore, 'get' | 'listTeam'>> {
  const ids = new Set(notices.flatMap((n) => ('personId' in n.to ? [n.to.personId] : [])));
  if (ids.size < 2) return store;
  const byId = new Map((await store.getMany([...ids])).map((p) => [p.id, p]));
  return {
    get: async (id) => (ids.has(id) ? (byId.get(id) ?? null) : store.get(id)),
    listTeam: (teamId, opts) => store.listTeam(teamId, opts),
  };
}

/** The committed aggregate when it is the lead the notices are about (ids name their kind). */
function committedLead(notices: Notice[], committed?: { id: string; version: number }): Lead | undefined {
  if (!committed) return undefined;
  const about = (n: Notice) => 'leadId' in n.body && n.body.leadId === committed.id;
  return notices.some(about) ? (committed as Lead) : undefined;
}
