import { PermanentSendError, RateLimitedError } from '../ports.js';

/** Slack errors after which the same call can never succeed (no retry helps). */
const PERMANENT = new Set([
  'not_in_channel',
  'channel_not_found',
  'account_inactive',
  'is_archived',
  'user_not_found',
  'user_disabled',
  'cannot_dm_bot',
  'messages_tab_disabled',
  'restricted_action',
  'message_not_found',
  'cant_update_message',
  'edit_window_closed',
  'invalid_blocks',
  'invalid_blocks_format',
  'msg_too_long',
  'no_text',
]);

type WebApiErrorLike = { code?: unknown; retryAfter?: unknown; data?: { error?: unknown } };

/** The Web API error code of a failed call (`not_in_channel`…), if it is a platform error. */
export function slackErrorCode(err: unknown): string | undefined {
  const e = err as WebApiErrorLike | null;
  return e?.code === 'slack_webapi_platform_error' && typeof e.data?.error === 'string'
    ? e.data.error
    : undefined;
}

/**
 * Maps a @slack/web-api failure to the outbox's terms: a 429 (the client rejects rate-limited
 * calls instead of sleeping) → {@link RateLimitedError}; an error no retry can fix →
 * {@link PermanentSendError}; anything else unchanged (the outbox retries it).
 */
export function toSendError(err: unknown, scope: string): unknown {
  const e = err as WebApiErrorLike | null;
  if (e?.code === 'slack_webapi_rate_limited_error') {
    const seconds = typeof e.retryAfter === 'number' && e.retryAfter > 0 ? e.retryAfter : 1;
    return new RateLimitedError(seconds * 1000, scope);
  }
  const code = slackErrorCode(err);
  if (code === 'ratelimited') return new RateLimitedError(1000, scope);
  if (code && PERMANENT.has(code)) return new PermanentSendError(`Slack refused ${scope}: ${code}`);
  return err;
}
