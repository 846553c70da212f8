import { AsyncLocalStorage } from 'node:async_hooks';
import type { LeadStore } from '../../core/ports.js';
import { claimEntry, type DeliverDeps } from './deliver.js';
import type { Lease, OutboxEntry, Settle } from './outbox-port.js';
import type { Reader } from '../ports.js';
import type { RateLimiter } from './rate-limits.js';
import { sendOwned, type Item, type OutboxMetrics, type SendContext } from './send-step.js';
import { SettleBatch } from './settle-batch.js';

export type { OutboxMetrics } from './send-step.js';

export type DispatcherOptions = {
  concurrency: number;
  maxTries: number;
  backoff: (tries: number) => number;
  /** Runs one delivery on a fresh roster snapshot (the store's `roster.snapshot`). */
  snapshot?: <T>(fn: () => Promise<T>) => Promise<T>;
};

/**
 * The outbox's in-process scheduler: a priority queue of entry ids. Each pick takes the
 * highest-priority entry whose target and platform buckets allow a send now, so a paused target
 * (a 429) or a slow bulk fan-out never holds up a lead offer to someone else. One send per target
 * at a time keeps each chat's messages in order.
 */
export class Dispatcher implements SendContext {
  readonly metrics: OutboxMetrics = {
    sent: 0,
    found: 0,
    updated: 0,
    skipped: 0,
    retried: 0,
    rateLimited: 0,
    failed: 0,
  };
  private readonly queue = new Map<string, Item>();
  private readonly running = new Set<string>();
  private readonly busyTargets = new Set<string>();
  private active = 0;
  private seq = 0;
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Infinity;
  private started = false;
  private idle: (() => void)[] = [];
  private readonly settled: SettleBatch;

  constructor(
    readonly d: DeliverDeps,
    readonly limiter: RateLimiter,
    readonly opts: DispatcherOptions,
  ) {
    // Short next to a lease: a send's records wait at most this long for the others in flight.
    const maxWaitMs = Math.min(250, d.leaseTimeoutMs / 8);
    this.settled = new SettleBatch(d.store, () => this.active, maxWaitMs);
  }

  settle(writes: Settle): Promise<void> {
    return this.settled.add(writes);
  }

  /** Queues an entry (ignored when it is already queued or in flight here). */
  enqueue(id: string, priority: number): void {
    this.add({ id, priority, seq: this.seq++, notBefore: 0, tries: 0, maybeSent: false });
  }

  /** Queues an entry this process recorded and holds the first lease of: no claim round. */
  enqueueOwned(
    entry: OutboxEntry,
    lease: Lease,
    known?: Omit<Reader, 'platform'>,
    leads?: Pick<LeadStore, 'get'>,
  ): void {
    const { _id: id, priority } = entry;
    // Delivered on the roster snapshot of the request that recorded it (see `run`).
    const within = AsyncLocalStorage.snapshot();
    const owned = { entry, lease, within, ...(known ? { known } : {}), ...(leads ? { leads } : {}) };
    this.add({ id, priority, seq: this.seq++, notBefore: 0, tries: 0, maybeSent: false, owned });
  }

  /** Whether this dispatcher delivers now (started and not stopped). */
  isStarted(): boolean {
    return this.started;
  }

  private add(item: Item): void {
    const queued = this.queue.get(item.id);
    // Queued by a sweep moments before this process recorded and leased it: deliver it as owned.
    if (queued && item.owned && !queued.owned) queued.owned = item.owned;
    if (queued || this.running.has(item.id)) return;
    this.queue.set(item.id, item);
    this.pump();
  }

  start(): void {
    this.started = true;
    this.pump();
  }

  /** Stops picking new work; resolves when in-flight sends finish. */
  async stop(): Promise<void> {
    this.started = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    while (this.active > 0) await new Promise<void>((r) => this.idle.push(r));
  }

  pending(): number {
    return this.queue.size + this.active;
  }

  /** Resolves when nothing is queued or in flight. */
  async drain(): Promise<void> {
    while (this.pending() > 0) {
      if (!this.started) throw new Error('outbox is not started');
      await new Promise<void>((r) => this.idle.push(r));
    }
  }

  private wake(): void {
    const waiters = this.idle;
    this.idle = [];
    for (const w of waiters) w();
  }

  private pump(): void {
    if (!this.started) return;
    const now = this.d.wallNow();
    while (this.active < this.opts.concurrency) {
      let best: Item | undefined;
      let soonest = Infinity;
      for (const item of this.queue.values()) {
        let wait = item.notBefore - now;
        const t = item.owned?.entry;
        if (t?.platform && t.target.kind !== 'cards') {
          if (this.busyTargets.has(t.targetKey)) continue;
          wait = Math.max(wait, this.limiter.waitMs(t.platform, t.target, now));
        }
        if (wait > 0) {
          soonest = Math.min(soonest, wait);
          continue;
        }
        if (
          !best ||
          item.priority > best.priority ||
          (item.priority === best.priority && item.seq < best.seq)
        )
          best = item;
      }
      if (!best) {
        if (soonest < Infinity) this.wakeAt(now + soonest);
        break;
      }
      this.queue.delete(best.id);
      this.running.add(best.id);
      this.active++;
      const e = best.owned?.entry;
      const sendsNow =
        e?.platform && e.target.kind !== 'cards'
          ? { platform: e.platform, target: e.target, key: e.targetKey }
          : undefined;
      if (sendsNow) {
        this.limiter.take(sendsNow.platform, sendsNow.target, now);
        this.busyTargets.add(sendsNow.key);
      }
      const item = best;
      void this.run(item)
        .catch((err: unknown) => {
          // Database trouble (perhaps after the send): keep the entry, ask the platform next time.
          if (item.owned) item.maybeSent = true;
          this.d.log.warn({ err, entryId: item.id }, 'outbox: delivery step failed; will retry');
          this.requeue(item, this.d.wallNow() + this.opts.backoff(++item.tries));
        })
        .finally(() => {
          this.running.delete(item.id);
          if (sendsNow) this.busyTargets.delete(sendsNow.key);
          this.active--;
          this.settled.check();
          this.pump();
          if (this.pending() === 0 || this.active === 0) this.wake();
        });
    }
    if (this.queue.size === 0 && this.active === 0) this.wake();
  }

  private wakeAt(at: number): void {
    if (this.timer && this.timerAt <= at) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        this.timerAt = Infinity;
        this.pump();
      },
      Math.max(1, at - this.d.wallNow()),
    );
  }

  private requeue(item: Item, notBefore: number): void {
    // Looked at again later: its lead is read afresh then, not taken from the batch's read.
    if (item.owned) delete item.owned.leads;
    item.notBefore = notBefore;
    this.queue.set(item.id, item);
  }

  /**
   * Runs one step of an item: an entry this process recorded in the request's context (its
   * roster snapshot, read moments ago), any other on a fresh snapshot — never on the context of
   * whatever happened to wake the queue.
   */
  private run(item: Item): Promise<void> {
    const step = () => this.step(item);
    if (item.owned?.within) return item.owned.within(step);
    return this.opts.snapshot ? this.opts.snapshot(step) : step();
  }

  private async step(item: Item): Promise<void> {
    if (!item.owned) {
      const claim = await claimEntry(this.d, item.id);
      if (claim.kind === 'settled') return;
      if (claim.kind === 'busy') return this.requeue(item, claim.retryAt);
      item.owned = { entry: claim.entry, lease: claim.lease };
      // Someone held it before us: the message may already be out.
      if (claim.lease.attempt > 1) item.maybeSent = true;
      return this.requeue(item, 0);
    }
    const { requeueAt } = await sendOwned(this, item);
    if (requeueAt !== undefined) this.requeue(item, requeueAt);
  }
}
