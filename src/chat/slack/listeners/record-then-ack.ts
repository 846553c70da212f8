import type { Logger } from '../../../logger.js';
import type { Journal } from '../../journal.js';

/**
 * Slack's 3-second rule: record the request in the journal (the one indexed write allowed before
 * the ack), then acknowledge it, whatever the write did. A journal failure is rethrown after the
 * ack (the error hook apologises); false means this key was seen before (a retry): do nothing.
 */
export async function recordThenAck(
  journal: Journal,
  key: string,
  request: Record<string, unknown>,
  replyTo: Record<string, unknown> | undefined,
  ack: () => Promise<void>,
): Promise<boolean> {
  const begun = await journal.begin(key, request, replyTo).then(
    (fresh) => ({ fresh }),
    (err: unknown) => ({ err: err instanceof Error ? err : new Error(String(err)) }),
  );
  await ack();
  if ('err' in begun) throw begun.err;
  return begun.fresh;
}

/** Marks the request finished; a failure here only means recovery may look at it again. */
export async function completeQuietly(journal: Journal, key: string, log: Logger): Promise<void> {
  await journal
    .complete(key)
    .catch((err: unknown) => log.warn({ err, key }, 'slack: could not complete a journal entry'));
}
