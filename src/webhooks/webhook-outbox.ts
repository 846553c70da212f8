import type { Clock } from '../core/clock.js';
import type { Notice } from '../core/notices.js';
import type { PersonStore, TeamStore } from '../core/ports.js';
import { wants, type Webhook, type WebhookStore } from '../core/webhooks/webhook.js';
import type { Logger } from '../logger.js';
import { isOwnerGone, processOwner } from '../process-owners.js';
import { deliveryLeaseId, type Delivery, type DeliveryLease, type DeliveryStore } from './delivery-port.js';
import { namePeople } from './name-people.js';
import { postWebhook, type PostOutcome } from './post-webhook.js';
import { signatureHeader, SIGNATURE_HEADER } from './sign.js';

/** Failing this long (counted from the first failure, or the last resume) pauses a webhook. */
export const PAUSE_AFTER_MS = 24 * 60 * 60 * 1000;

/** Exponential backoff: 10 s, 20 s, 40 s … at most an hour between tries. */
export const backoffMs = (attempt: number) => Math.min(60 * 60_000, 10_000 * 2 ** Math.max(0, attempt - 1));

export type WebhookOutboxDeps = {
  store: DeliveryStore;
  hooks: WebhookStore;
  teams: Pick<TeamStore, 'get'>;
  /** Who the events' person ids are (handle, name, email), looked up once when they are recorded. */
  people?: Pick<PersonStore, 'getMany'>;
  /** Business time: when a delivery is due (backoff), the 24-hour pause. */
  clock: Clock;
  /**
   * Wall time (default Date.now): the signature's timestamp, which receivers compare with their
   * own clock, and Retry-After given as a date. Business time may run ahead (the console's clock).
   */
  wallNow?: () => number;
  log: Logger;
  allowPrivate: boolean;
  timeoutMs: number;
  /** Pauses a webhook and tells the team's admins (the core's `pauseWebhook`). */
  pause(webhookId: string, reason: string): Promise<void>;
  /** How often to look for due deliveries (wall time; default 5 s). */
  pollMs?: number;
  /** A lease older than this (wall time) may be taken over (default 2 min). */
  leaseTimeoutMs?: number;
  owner?: string;
  /** Streams delivered at once (default 8). */
  concurrency?: number;
  /** Sends one POST (tests may wrap it to count; default: a real HTTP request). */
  post?: typeof postWebhook;
};

export type WebhookOutbox = {
  /** Records one delivery per (notice, webhook that wants it), once; then delivers soon. */
  record(notices: Notice[]): Promise<void>;
  /** One pass: every stream's due head, and what follows it while each succeeds. */
  runOnce(): Promise<{ delivered: number; failed: number }>;
  /** Starts the periodic pass. */
  start(): void;
  /** Stops it and waits for a pass in flight. */
  stop(): Promise<void>;
  readonly store: DeliveryStore;
};

/**
 * The webhook half of the outbox: the core's notices to `webhooksOf`/`webhook` become deliveries,
 * inserted once (`<notice key>|<webhook>`), then POSTed at least once in order per stream (a
 * lead's or an account's events): a stream's next delivery waits until the one before it is
 * delivered. A failure is retried with exponential backoff (or after Retry-After) on the business
 * clock; one failing for 24 hours pauses its webhook (nothing is dropped: a resume delivers what
 * waited). Each attempt is claimed by inserting its lease, so two processes do not send the same
 * attempt; a holder that died (kill -9) is taken over when its process is gone or its lease old.
 */
export function createWebhookOutbox(deps: WebhookOutboxDeps): WebhookOutbox {
  const { store, clock, log } = deps;
  const owner = deps.owner ?? processOwner();
  const leaseTimeoutMs = deps.leaseTimeoutMs ?? 120_000;
  const post = deps.post ?? postWebhook;
  const wallNow = deps.wallNow ?? Date.now;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<{ delivered: number; failed: number }> | undefined;
  let again = false;
  let stopped = true;
  let indexed: Promise<void> | undefined;
  let swept: Promise<number> | undefined;
  const ready = () => (indexed ??= store.init());
  /** Once per process: what an earlier version settled in place leaves the pending collection. */
  const sweep = () =>
    (swept ??= store.sweepSettled().catch((err: unknown) => {
      swept = undefined;
      throw err;
    }));

  async function hooksFor(notice: Notice, cache: Map<string, Webhook[]>): Promise<Webhook[]> {
    if ('webhook' in notice.to) {
      const hook = await deps.hooks.get(notice.to.webhook);
      return hook && !hook.removedAt ? [hook] : [];
    }
    if (!('webhooksOf' in notice.to)) return [];
    const teamId = notice.to.webhooksOf;
    if (!cache.has(teamId)) {
      // The team (from the request's roster snapshot) says whether it ever had a webhook: teams
      // that never did cost no read here.
      const team = await deps.teams.get(teamId);
      cache.set(teamId, team?.webhooks ? await deps.hooks.listTeam(teamId) : []);
    }
    return cache.get(teamId)!;
  }

  async function record(notices: Notice[]): Promise<void> {
    const cache = new Map<string, Webhook[]>();
    const deliveries: Delivery[] = [];
    const now = clock.now();
    for (const notice of notices) {
      if (notice.body.kind !== 'webhook.event') continue;
      const { event, stream, seq } = notice.body;
      for (const hook of await hooksFor(notice, cache)) {
        if (!wants(hook, event.type)) continue;
        deliveries.push({
          _id: `${notice.key}|${hook.id}`,
          webhookId: hook.id,
          teamId: hook.teamId,
          stream: `${hook.id}|${stream}`,
          seq,
          event,
          status: 'pending',
          attempt: 0,
          nextAt: now,
          createdAt: now,
        });
      }
    }
    if (!deliveries.length) return;
    if (deps.people)
      await namePeople(
        deps.people,
        deliveries.map((d) => d.event),
      );
    await ready();
    await store.insertMany(deliveries);
    kick();
  }

  /** Runs a pass soon (one at a time; a kick during a pass runs another after it). */
  function kick(): void {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    void runOnce().catch((err: unknown) =>
      log.warn({ err }, 'webhooks: delivery pass failed; the next one retries'),
    );
  }

  /** Takes the next attempt of `d`, or null when someone alive holds it. */
  async function claim(d: Delivery): Promise<DeliveryLease | null> {
    for (let attempt = d.attempt + 1; ; attempt++) {
      const lease: DeliveryLease = {
        _id: deliveryLeaseId(d._id, attempt),
        deliveryId: d._id,
        attempt,
        owner,
        at: new Date(),
      };
      if (await store.insertLease(lease)) return lease;
      const held = await store.lease(d._id, attempt);
      if (!held) continue;
      // A holder alive and recent is working on it (or on a retry it will record): leave it.
      if (!isOwnerGone(held.owner) && Date.now() - held.at.getTime() < leaseTimeoutMs) return null;
    }
  }

  async function attempt(d: Delivery, hook: Webhook): Promise<PostOutcome> {
    const body = JSON.stringify(d.event);
    const wall = wallNow();
    return post(
      hook.url,
      body,
      {
        [SIGNATURE_HEADER]: signatureHeader(hook.secret, Math.floor(wall / 1000), body),
        'Baton-Event-Id': d.event.id,
        'User-Agent': 'Baton-Webhooks/1',
      },
      { timeoutMs: deps.timeoutMs, allowPrivate: deps.allowPrivate, nowMs: wall },
    );
  }

  /** Delivers a stream's due deliveries in order; stops at the first that is not delivered. */
  async function runStream(
    queue: Delivery[],
    hooks: Map<string, Webhook | null>,
    tally: { delivered: number; failed: number },
  ) {
    for (const head of queue) {
      if (!hooks.has(head.webhookId)) hooks.set(head.webhookId, await deps.hooks.get(head.webhookId));
      const hook = hooks.get(head.webhookId);
      const now = clock.now();
      const removed = !hook || hook.removedAt;
      if (!removed && (hook.pausedAt || head.nextAt.getTime() > now.getTime())) return;
      const lease = await claim(head);
      if (!lease && removed) continue;
      if (!lease) return;
      const fresh = await store.get(head._id);
      if (!fresh) continue;
      // Its holder finished meanwhile (or it was recorded again after it settled): not sent again.
      if (fresh.status !== 'pending') {
        await store.settle(fresh, {});
        continue;
      }
      if (removed) {
        await store.settle(fresh, {
          status: 'dropped',
          attempt: lease.attempt,
          lastError: 'webhook removed',
        });
        continue;
      }
      const outcome = await attempt(fresh, hook);
      const at = clock.now();
      if (outcome.ok) {
        tally.delivered++;
        await store.settle(fresh, { status: 'delivered', attempt: lease.attempt, deliveredAt: at });
        continue;
      }
      tally.failed++;
      const firstFailedAt = fresh.firstFailedAt ?? at;
      const wait = outcome.retryAfterMs ?? backoffMs(lease.attempt);
      await store.mark(head._id, {
        attempt: lease.attempt,
        firstFailedAt,
        nextAt: new Date(at.getTime() + wait),
        lastError: outcome.error,
      });
      log.warn(
        { deliveryId: head._id, attempt: lease.attempt, error: outcome.error },
        'webhooks: delivery failed; will retry',
      );
      const since = Math.max(firstFailedAt.getTime(), hook.resumedAt?.getTime() ?? 0);
      if (at.getTime() - since >= PAUSE_AFTER_MS) {
        hooks.set(hook.id, { ...hook, pausedAt: at });
        await deps.pause(hook.id, outcome.error);
      }
      return;
    }
  }

  async function pass(): Promise<{ delivered: number; failed: number }> {
    await ready();
    await sweep();
    const tally = { delivered: 0, failed: 0 };
    const streams = new Map<string, Delivery[]>();
    for (const d of await store.pending(5000)) {
      const q = streams.get(d.stream) ?? [];
      q.push(d);
      streams.set(d.stream, q);
    }
    const hooks = new Map<string, Webhook | null>();
    const queues = [...streams.values()].map((q) => q.sort((a, b) => a.seq - b.seq));
    const workers = Array.from({ length: Math.min(deps.concurrency ?? 8, queues.length) }, async () => {
      for (let q = queues.shift(); q; q = queues.shift()) await runStream(q, hooks, tally);
    });
    await Promise.all(workers);
    return tally;
  }

  async function runOnce(): Promise<{ delivered: number; failed: number }> {
    while (running) await running.catch(() => undefined);
    running = pass();
    try {
      return await running;
    } finally {
      running = undefined;
      if (again && !stopped) {
        again = false;
        kick();
      }
    }
  }

  return {
    store,
    record,
    runOnce,
    start() {
      stopped = false;
      const tick = () => {
        timer = setTimeout(() => {
          void runOnce()
            .catch((err: unknown) =>
              log.warn({ err }, 'webhooks: delivery pass failed; the next one retries'),
            )
            .finally(() => !stopped && tick());
        }, deps.pollMs ?? 5000);
      };
      tick();
      kick();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running?.catch(() => undefined);
    },
  };
}
