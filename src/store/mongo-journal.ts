import type { Connection } from 'mongoose';
import { isDuplicateKey } from './mongo-errors.js';
import { processOwner, isOwnerGone } from '../chat/owners.js';

/** A recorded inbound request: enough to finish it after a crash. */
export type JournalEntry = {
  _id: string;
  /** What to re-run: adapter-specific but JSON (`platform`, `kind`, command and text, action…). */
  request: Record<string, unknown>;
  /** Where to answer if the original process died (Slack response_url, Telegram chat id). */
  replyTo?: Record<string, unknown>;
  /** When it arrived (business time). */
  at: Date;
  /** The process running it (`host:pid:random`) and since when (wall clock): its lease. */
  owner?: string;
  startedAt?: Date;
  doneAt?: Date;
  /** How many times it was taken over (a hint; the run records are the truth). */
  attempts: number;
};

/** One take-over of an unfinished entry: `_id` = `<key>#<n>`, inserted once. */
type RunDoc = { _id: string; owner: string; at: Date };

/**
 * The inbound ledger. An adapter records each request with one insert before it acknowledges
 * the platform (Slack's 3-second rule allows one indexed write), so:
 * - a re-delivered request (Slack retry, Telegram re-delivery, a second bot process behind the
 *   same webhook) is recognised by its key and not processed twice while it runs;
 * - a request acknowledged but not finished (crash, database outage) is finished later: a
 *   re-delivery of it, or the recovery pass (recovery.ts), takes it over once its runner is gone
 *   (a dead process on this host) or its lease ran out, and re-runs it — every use case is
 *   idempotent by the same key, so the re-run finishes the same work.
 * Take-overs are race-free: each is an insert of `<key>#<n>`.
 */
export interface Journal {
  /**
   * Records the request and returns true: run it. Returns false for a duplicate: finished, or
   * still running elsewhere. A recorded but unfinished request whose runner is gone is taken
   * over and returns true (run it again).
   */
  begin(key: string, request: Record<string, unknown>, replyTo?: Record<string, unknown>): Promise<boolean>;
  /** Marks the request finished. */
  complete(key: string): Promise<void>;
  /** Unfinished requests (recorded before `olderThan`, when given), oldest first. */
  unfinished(olderThan?: Date, limit?: number): Promise<JournalEntry[]>;
  /** Takes over an unfinished request whose runner is gone; null when done, live or taken. */
  takeOver(key: string): Promise<JournalEntry | null>;
  /**
   * This process gave up on the request without finishing it (the database went away): its own
   * recovery may take it over at once instead of waiting for the lease. Kept in memory — the
   * database may be unreachable — so other processes still wait for the lease.
   */
  release(key: string): void;
  /** The entry, or null. */
  get(key: string): Promise<JournalEntry | null>;
  /** Deletes finished entries (and their run records) recorded before `before`. */
  purge(before: Date): Promise<number>;
}

export type JournalOptions = {
  /** Business time for `at` (tests and the console move it). */
  now?: () => Date;
  /** Wall clock for leases. */
  wallNow?: () => number;
  /** A runner silent for this long may be taken over even if it may be alive (default 60 s). */
  leaseMs?: number;
  /** Runs after which an entry is left alone (default 5). */
  maxRuns?: number;
  /** This process's owner id (default: host:pid:random, registered as alive). */
  owner?: string;
};

export function createJournal(conn: Connection, opts: JournalOptions | (() => Date) = {}): Journal {
  const o: JournalOptions = typeof opts === 'function' ? { now: opts } : opts;
  const now = o.now ?? (() => new Date());
  const wallNow = o.wallNow ?? Date.now;
  const leaseMs = o.leaseMs ?? 60_000;
  const maxRuns = o.maxRuns ?? 5;
  const owner = o.owner ?? processOwner();
  const col = conn.collection<JournalEntry>('inbound_journal');
  const runs = conn.collection<RunDoc>('inbound_journal_runs');
  const released = new Set<string>();

  /** The latest run of an entry: probes `<key>#<n>` forward from the hint (only `_id` reads). */
  async function latestRun(entry: JournalEntry): Promise<{ n: number; run: RunDoc | null }> {
    let n = Math.max(0, entry.attempts);
    let run = n > 0 ? await runs.findOne({ _id: `${entry._id}#${n}` }) : null;
    for (;;) {
      const next = await runs.findOne({ _id: `${entry._id}#${n + 1}` });
      if (!next) return { n, run };
      run = next;
      n += 1;
    }
  }

  async function takeOver(key: string): Promise<JournalEntry | null> {
    const entry = await col.findOne({ _id: key });
    if (!entry || entry.doneAt) return null;
    const { n, run } = await latestRun(entry);
    if (n >= maxRuns) return null;
    const holder = run?.owner ?? entry.owner;
    const since = run?.at ?? entry.startedAt ?? entry.at;
    const gone = holder === owner ? released.has(key) : holder !== undefined && isOwnerGone(holder);
    if (!gone && wallNow() - since.getTime() < leaseMs) return null;
    try {
      await runs.insertOne({ _id: `${key}#${n + 1}`, owner, at: new Date(wallNow()) });
    } catch (err) {
      if (isDuplicateKey(err)) return null;
      throw err;
    }
    released.delete(key);
    await col.updateOne({ _id: key }, { $set: { attempts: n + 1 } });
    return { ...entry, attempts: n + 1 };
  }

  return {
    async begin(key, request, replyTo) {
      try {
        await col.insertOne({
          _id: key,
          request,
          ...(replyTo ? { replyTo } : {}),
          at: now(),
          owner,
          startedAt: new Date(wallNow()),
          attempts: 0,
        });
        return true;
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
      return (await takeOver(key)) !== null;
    },
    async complete(key) {
      await col.updateOne({ _id: key }, { $set: { doneAt: now() } });
    },
    async unfinished(olderThan, limit = 100) {
      return col
        .find({ doneAt: { $exists: false }, ...(olderThan ? { at: { $lt: olderThan } } : {}) })
        .sort({ at: 1 })
        .limit(limit)
        .toArray();
    },
    takeOver,
    release(key) {
      released.add(key);
    },
    async get(key) {
      return col.findOne({ _id: key });
    },
    async purge(before) {
      const old = await col
        .find({ doneAt: { $exists: true }, at: { $lt: before } }, { projection: { _id: 1, attempts: 1 } })
        .toArray();
      for (const e of old) {
        for (let n = 1; n <= e.attempts; n++) await runs.deleteOne({ _id: `${e._id}#${n}` });
        await col.deleteOne({ _id: e._id });
      }
      return old.length;
    },
  };
}
