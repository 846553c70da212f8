/**
 * Telegram's answers mapped to what the outbox understands: slow down, give up, or retry.
 */
import { TelegramError } from 'telegraf';
import { PermanentSendError, RateLimitedError } from '../ports.js';

/** The description Telegram answers when an edit changes nothing: the edit already happened. */
export function isNotModified(err: unknown): boolean {
  return err instanceof TelegramError && err.code === 400 && /message is not modified/i.test(err.description);
}

/** The supergroup a group was upgraded to, when Telegram says so. */
export function migratedTo(err: unknown): number | undefined {
  return err instanceof TelegramError ? err.parameters?.migrate_to_chat_id : undefined;
}

/** True for 403 (blocked, kicked, cannot initiate) and "chat not found": nobody will ever read it. */
export function isUnreachable(err: unknown): boolean {
  return (
    err instanceof TelegramError &&
    (err.code === 403 || (err.code === 400 && /chat not found|user not found|PEER_ID_INVALID/i.test(err.description)))
  );
}

/**
 * Maps a Bot API failure: 429 → RateLimitedError (retry_after seconds → ms), 403 and any other
 * 400 → PermanentSendError (the same request will fail again), anything else (5xx, network) is
 * returned unchanged for the outbox to retry.
 */
export function mapSendError(err: unknown, scope: string): unknown {
  if (!(err instanceof TelegramError)) return err;
  if (err.code === 429) return new RateLimitedError((err.parameters?.retry_after ?? 1) * 1000, scope);
  if (err.code === 403 || err.code === 400) return new PermanentSendError(`${scope}: ${err.description}`);
  return err;
}
