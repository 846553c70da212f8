import type { LeadStore } from '../../core/ports.js';
import type { Platform } from '../../core/roster/person.js';
import { PermanentSendError, RateLimitedError, type Reader, type Target } from '../ports.js';
import { updateCards } from './card-edits.js';
import { holdLease, sendEntry, sentWrites, type DeliverDeps } from './deliver.js';
import type { Lease, OutboxEntry, Settle } from './outbox-port.js';
import type { RateLimiter } from './rate-limits.js';

export type OutboxMetrics = {
  sent: number;
  /** Found already delivered after a takeover (not sent again). */
  found: number;
  updated: number;
  skipped: number;
  retried: number;
  rateLimited: number;
  failed: number;
};

export type Item = {
  id: string;
  priority: number;
  seq: number;
  notBefore: number;
  owned?: {
    entry: OutboxEntry;
    lease: Lease;
    /** The reader as read when this process recorded the entry moments ago (see resolve.ts). */
    known?: Omit<Reader, 'platform'>;
    /** Runs a function in the async context of the request that recorded the entry. */
    within?: <R>(fn: () => R) => R;
    /** Leads read once for the entries recorded together (dropped when this one is requeued). */
    leads?: Pick<LeadStore, 'get'>;
  };
  tries: number;
  /** A previous try may have delivered (ambiguous error or takeover): ask the platform first. */
  maybeSent: boolean;
};

export type SendContext = {
  readonly d: DeliverDeps;
  readonly limiter: RateLimiter;
  readonly metrics: OutboxMetrics;
  readonly opts: { maxTries: number; backoff: (tries: number) => number };
  /** Records what a finished send leaves, together with the other sends finishing now. */
  settle(writes: Settle): Promise<void>;
};

/**
 * Sends one entry this process holds the lease for and decides what happens next: done, or look
 * again at `requeueAt` (a 429 pauses the chat or platform for Retry-After and retries; a transient
 * error retries with backoff and asks the platform first next time; a permanent error, or too many
 * tries, marks the entry failed and logs it once).
 */
export async function sendOwned(ctx: SendContext, item: Item): Promise<{ requeueAt?: number }> {
  if (!item.owned) return {};
  const { entry, lease } = item.owned;
  const now = ctx.d.wallNow();
  if (!(await holdLease(ctx.d, lease))) return {}; // taken over after we stalled: theirs now
  try {
    if (entry.target.kind === 'cards') {
      const wait = (p: Platform, t: Target) => waitForBucket(ctx, p, t);
      const { updated, marks } = await updateCards(ctx.d, entry.notice, wait, item.owned.leads);
      ctx.metrics.updated += updated;
      const sentAt = new Date(ctx.d.wallNow());
      await ctx.settle({ cards: [], cardMarks: marks, marks: [{ id: entry._id, fields: { status: 'sent', sentAt } }] });
      return {};
    }
    const sender = entry.platform ? ctx.d.senders.get(entry.platform) : undefined;
    if (!sender) throw new PermanentSendError(`no sender for ${entry.platform ?? 'this target'}`);
    const target = entry.target;
    // The entry itself (not a copy): what a send records in it (files, ref) a retry here sees.
    const sendable = entry as OutboxEntry & { target: Target };
    const { known, leads } = item.owned;
    const result = await sendEntry(ctx.d, sendable, sender, item.maybeSent, known, leads);
    if (result.kind === 'skipped') {
      ctx.limiter.refund(sender.platform, target, now);
      ctx.metrics.skipped++;
      await ctx.settle({ cards: [], cardMarks: [], marks: [{ id: entry._id, fields: { status: 'skipped' } }] });
      return {};
    }
    if (result.found) ctx.metrics.found++;
    else ctx.metrics.sent++;
    // Delivered: should recording it fail, a retry here records it without sending it again.
    entry.ref = result.ref;
    await ctx.settle(sentWrites(ctx.d, sendable, result.ref, result.shown));
    return {};
  } catch (err) {
    // Retry-After counts from when the refusal arrived, not from when the send began.
    return onError(ctx, item, err, ctx.d.wallNow());
  }
}

function onError(ctx: SendContext, item: Item, err: unknown, now: number): { requeueAt?: number } {
  const { entry } = item.owned!;
  if (err instanceof RateLimitedError) {
    ctx.metrics.rateLimited++;
    ctx.metrics.retried++;
    if (entry.platform && entry.target.kind !== 'cards')
      ctx.limiter.pause(entry.platform, entry.target, err.scope, now + err.retryAfterMs, now);
    return { requeueAt: now + err.retryAfterMs };
  }
  if (err instanceof PermanentSendError || ++item.tries >= ctx.opts.maxTries) {
    ctx.metrics.failed++;
    ctx.d.log.error(
      { err, entryId: entry._id, kind: entry.notice.body.kind, tries: item.tries },
      'outbox: delivery failed for good',
    );
    void ctx.d.store
      .mark(entry._id, { status: 'failed', error: err instanceof Error ? err.message : String(err) })
      .catch((e: unknown) => ctx.d.log.error({ err: e, entryId: entry._id }, 'outbox: cannot mark failed'));
    return {};
  }
  ctx.metrics.retried++;
  ctx.d.log.warn({ err, entryId: entry._id, tries: item.tries }, 'outbox: send failed; retrying');
  item.maybeSent = true;
  return { requeueAt: now + ctx.opts.backoff(item.tries) };
}

/** For card edits: waits until the card's target and platform allow a send, then takes a token. */
async function waitForBucket(ctx: SendContext, platform: Platform, target: Target): Promise<void> {
  for (;;) {
    const now = ctx.d.wallNow();
    const wait = ctx.limiter.waitMs(platform, target, now);
    if (wait <= 0) return ctx.limiter.take(platform, target, now);
    await new Promise((r) => setTimeout(r, wait));
  }
}
