import type { Connection } from 'mongoose';
import { insertOnce } from './insert-once.js';
import { isDuplicateKey } from './mongo-errors.js';
import { processOwner, isOwnerGone } from '../process-owners.js';
import type { Journal, JournalEntry } from '../chat/journal-port.js';

/** One take-over of an unfinished entry: `_id` = `<key>#<n>`, inserted once. */
type RunDoc = { _id: string; owner: string; at: Date };

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

/** The Mongo {@link Journal} (collections `inbound_journal` and `inbound_journal_runs`). */
export function createMongoJournal(conn: Connection, opts: JournalOptions | (() => Date) = {}): Journal {
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
    async alias(prefix, rename) {
      // A range on `_id` (a scan on FerretDB/SQLite; run once per process start).
      const old = await col
        .find({ _id: { $gte: prefix, $lt: `${prefix}\uffff` } }, { projection: { _id: 1, at: 1 } })
        .toArray();
      const done = now();
      const aliases = old.map((e) => ({
        _id: rename(e._id),
        request: { aliasOf: e._id },
        at: e.at,
        owner,
        startedAt: new Date(wallNow()),
        attempts: 0,
        doneAt: done,
      }));
      return (await insertOnce(col, aliases)).size;
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
