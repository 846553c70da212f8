import { createHash, randomBytes } from 'node:crypto';

/** A new random id (16 hex chars of entropy behind a readable prefix). */
export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(8).toString('hex')}`;
}

/**
 * An id derived from an idempotency key: re-running the same command (a Slack retry, a Telegram
 * re-delivery, recovery after a crash) produces the same id, so the insert-once decides.
 */
export function idFromKey(prefix: string, key: string): string {
  return `${prefix}_${createHash('sha256').update(key).digest('hex').slice(0, 16)}`;
}
