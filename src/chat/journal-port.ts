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
  /**
   * Re-keying: for every entry whose key starts with `prefix`, records a finished entry under
   * `rename(key)` naming the old one (`request.aliasOf`), where that key is not recorded yet. A
   * request re-delivered under its new key is then a duplicate; an unfinished old entry is still
   * finished by recovery, under its own key. One scan and one insert; returns how many it added.
   */
  alias(prefix: string, rename: (key: string) => string): Promise<number>;
  /** Deletes finished entries (and their run records) recorded before `before`. */
  purge(before: Date): Promise<number>;
}
