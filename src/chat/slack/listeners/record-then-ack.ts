import type { Logger } from '../../../logger.js';
import type { Journal } from '../../journal-port.js';
import { isSocketGone } from '../socket-connection.js';

/**
 * How long the journal write may take before the ack goes out anyway. Bolt answers Slack with a
 * 404 when `ack()` has not been called after 3 s; while the database is unreachable the driver
 * waits up to its server-selection timeout (5 s) before failing the write.
 */
export const ACK_BUDGET_MS = 2000;

/**
 * Slack's 3-second rule: record the request in the journal (the one indexed write allowed before
 * the ack), then acknowledge it, whatever the write did — at the latest after
 * {@link ACK_BUDGET_MS}, and the write's outcome is awaited after the ack. A journal failure is
 * rethrown after the ack (the error hook apologises: "try again"); false means this key was seen
 * before (a retry): do nothing.
 *
 * In Socket Mode the ack can find the connection gone (Slack's refresh, a dropped socket). The
 * request is then carried on all the same: it is in the journal, and the copy Slack delivers again
 * on the next connection is acknowledged and skipped as a repeat.
 */
export async function recordThenAck(
  journal: Journal,
  key: string,
  request: Record<string, unknown>,
  replyTo: Record<string, unknown> | undefined,
  ack: () => Promise<void>,
  log: Logger,
): Promise<boolean> {
  const begun = journal.begin(key, request, replyTo).then(
    (fresh) => ({ fresh }),
    (err: unknown) => ({ err: err instanceof Error ? err : new Error(String(err)) }),
  );
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([begun, new Promise((r) => (timer = setTimeout(r, ACK_BUDGET_MS)))]);
  clearTimeout(timer);
  await ackOrCarryOn(ack, key, log);
  const outcome = await begun;
  if ('err' in outcome) throw outcome.err;
  return outcome.fresh;
}

/** Marks the request finished; a failure here only means recovery may look at it again. */
export async function completeQuietly(journal: Journal, key: string, log: Logger): Promise<void> {
  await journal
    .complete(key)
    .catch((err: unknown) => log.warn({ err, key }, 'slack: could not complete a journal entry'));
}

/**
 * Acknowledges; an ack that found no open Socket Mode connection is logged, not thrown: Slack
 * delivers the envelope again and the journal (or the submission's key) knows it.
 */
export async function ackOrCarryOn(ack: () => Promise<void>, key: string, log: Logger): Promise<boolean> {
  try {
    await ack();
    return true;
  } catch (err) {
    if (!isSocketGone(err)) throw err;
    log.warn(
      { key, code: (err as { code?: string }).code },
      'slack: socket closed before the ack; Slack will redeliver',
    );
    return false;
  }
}
