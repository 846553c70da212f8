import type { Logger } from '../logger.js';
import type { Journal, JournalEntry } from './journal-port.js';

/** An adapter's way of finishing a request it recorded but did not finish (a crash, an outage). */
export interface Replayer {
  /** The `request.platform` of the entries it replays (`slack`, `telegram`). */
  readonly platform: string;
  /**
   * Runs the recorded request again through the interactions layer (idempotent by the entry's
   * key, so it finishes the same work) and answers where the entry says (`replyTo`).
   */
  replay(entry: JournalEntry): Promise<void>;
}

export type JournalRecovery = {
  /** Finishes every unfinished request whose runner is gone; returns how many it re-ran. */
  runOnce(): Promise<number>;
  /** Runs a pass now and then every `everyMs` (job workers), until `stop()`. */
  start(everyMs?: number): void;
  stop(): Promise<void>;
};

/**
 * Journal recovery: finds recorded requests that were acknowledged but never finished, takes each
 * over once (an insert-once run record decides between processes) and replays it through its
 * adapter. A request still being run by a live process is left alone until its lease runs out.
 * Runs at start (a restart after a crash) and periodically on job workers (a process that died
 * for good, or requests that hit a database outage). Finished entries older than `keepMs` are
 * purged on the way, so the scan stays the size of a few days' traffic.
 */
export function createJournalRecovery(deps: {
  journal: Journal;
  log: Logger;
  replayers: () => readonly Replayer[];
  /** How long finished entries are kept for de-duplication (default 3 days: Telegram keeps updates 24 h). */
  keepMs?: number;
  wallNow?: () => number;
}): JournalRecovery {
  const wallNow = deps.wallNow ?? Date.now;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;
  let lastPurge = 0;

  async function pass(): Promise<number> {
    const byPlatform = new Map(deps.replayers().map((r) => [r.platform, r]));
    let rerun = 0;
    for (const entry of await deps.journal.unfinished(undefined, 200)) {
      const replayer = byPlatform.get(String(entry.request.platform));
      if (!replayer) continue;
      const taken = await deps.journal.takeOver(entry._id);
      if (!taken) continue;
      rerun++;
      try {
        await replayer.replay(taken);
        await deps.journal.complete(entry._id);
        deps.log.info({ key: entry._id, attempt: taken.attempts }, 'journal: unfinished request finished');
      } catch (err) {
        deps.journal.release(entry._id);
        deps.log.warn({ err, key: entry._id, attempt: taken.attempts }, 'journal: replay failed; will retry');
      }
    }
    if (wallNow() - lastPurge > 3600_000) {
      lastPurge = wallNow();
      await deps.journal.purge(new Date(wallNow() - (deps.keepMs ?? 3 * 24 * 3600_000)));
    }
    return rerun;
  }

  const runOnce = (): Promise<number> => {
    // One pass at a time in this process (the timer and a caller may overlap).
    running ??= pass().finally(() => (running = undefined));
    return running;
  };

  return {
    runOnce,
    start(everyMs = 30_000) {
      const tick = () => {
        runOnce()
          .catch((err: unknown) => deps.log.warn({ err }, 'journal: recovery pass failed'))
          .finally(() => {
            if (timer) timer = setTimeout(tick, everyMs).unref();
          });
      };
      timer = setTimeout(tick, 0).unref();
    },
    async stop() {
      if (timer) clearTimeout(timer);
      timer = undefined;
      await running?.catch(() => 0);
    },
  };
}
