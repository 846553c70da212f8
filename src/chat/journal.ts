import type { Connection } from 'mongoose';
import { isDuplicateKey } from '../store/mongo-errors.js';

/** A recorded inbound request: enough to finish it after a crash. */
export type JournalEntry = {
  _id: string;
  /** What to re-run: adapter-specific but JSON (command name and text, action, form values…). */
  request: Record<string, unknown>;
  /** Where to answer if the original process died (Slack response_url, Telegram chat id). */
  replyTo?: Record<string, unknown>;
  at: Date;
  doneAt?: Date;
  attempts: number;
};

/**
 * The inbound ledger. An adapter records each request with one insert before it acknowledges
 * the platform (Slack's 3-second rule allows one indexed write), so:
 * - a re-delivered request (Slack retry, Telegram re-delivery, a second bot process behind the
 *   same webhook) is recognised by its key and not processed twice;
 * - a request acknowledged but not finished (crash, database blip) is found by `unfinished()` and
 *   finished by re-running it — every use case is idempotent by the same key.
 */
export interface Journal {
  /** Records the request; false when this key was recorded before (a duplicate delivery). */
  begin(key: string, request: Record<string, unknown>, replyTo?: Record<string, unknown>): Promise<boolean>;
  /** Marks the request finished. */
  complete(key: string): Promise<void>;
  /** Requests recorded before `olderThan` and not finished, oldest first. */
  unfinished(olderThan: Date, limit?: number): Promise<JournalEntry[]>;
  /** Counts a recovery attempt (recovery gives up after a few). */
  attempted(key: string): Promise<void>;
  /** The entry, or null. */
  get(key: string): Promise<JournalEntry | null>;
}

export function createJournal(conn: Connection, now: () => Date = () => new Date()): Journal {
  const col = conn.collection<JournalEntry>('inbound_journal');
  return {
    async begin(key, request, replyTo) {
      try {
        await col.insertOne({ _id: key, request, ...(replyTo ? { replyTo } : {}), at: now(), attempts: 0 });
        return true;
      } catch (err) {
        if (isDuplicateKey(err)) return false;
        throw err;
      }
    },
    async complete(key) {
      await col.updateOne({ _id: key }, { $set: { doneAt: now() } });
    },
    async unfinished(olderThan, limit = 100) {
      return col
        .find({ doneAt: { $exists: false }, at: { $lt: olderThan }, attempts: { $lt: 5 } })
        .sort({ at: 1 })
        .limit(limit)
        .toArray();
    },
    async attempted(key) {
      await col.updateOne({ _id: key }, { $inc: { attempts: 1 } });
    },
    async get(key) {
      return col.findOne({ _id: key });
    },
  };
}
