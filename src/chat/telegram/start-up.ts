/**
 * Telegram's start-up calls (getMe, then setWebhook or deleteWebhook) retried with a doubling
 * back-off while the Bot API cannot be reached or answers 5xx/429: a Bot API server that is down
 * at boot delays Telegram, never the rest of Baton. A refused token is a configuration problem
 * no retry can fix: it stops the retries with a coded error.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { TelegramError } from 'telegraf';
import type { Logger } from '../../logger.js';
import { TelegramAdapterError } from './errors.js';

export type StartTiming = {
  /** The first wait after a failed call; doubled each time up to `maxBackoffMs`. */
  backoffMs: number;
  maxBackoffMs: number;
};

export const START_TIMING: StartTiming = { backoffMs: 1000, maxBackoffMs: 30_000 };

/** 401 Unauthorized, or 404 (the Bot API's answer to a token it does not know). */
function tokenRefused(err: unknown): boolean {
  return err instanceof TelegramError && (err.code === 401 || err.code === 404);
}

/**
 * Calls `call` until it succeeds, waiting `backoffMs`, `2·backoffMs`, … between attempts and
 * logging each failure; rejects at once when the token is refused, and with an AbortError when
 * `signal` aborts (the bot is stopping).
 */
export async function untilItAnswers<T>(
  what: string,
  call: () => Promise<T>,
  deps: { log: Logger; timing: StartTiming; signal: AbortSignal },
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    deps.signal.throwIfAborted();
    try {
      return await call();
    } catch (err) {
      if (tokenRefused(err))
        throw new TelegramAdapterError(
          'TELEGRAM_TOKEN_REFUSED',
          `the Bot API refused TELEGRAM_BOT_TOKEN (${what}): check the token BotFather gave`,
          { cause: err },
        );
      const retryInMs = Math.min(deps.timing.maxBackoffMs, deps.timing.backoffMs * 2 ** (attempt - 1));
      deps.log.warn(
        { err, call: what, attempt, retryInMs },
        'telegram: the Bot API did not answer; still connecting, retrying',
      );
      await sleep(retryInMs, undefined, { signal: deps.signal });
    }
  }
}
