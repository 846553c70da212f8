/**
 * Interactive replies wait out a short 429 instead of failing: Telegram allows about one message
 * a second per chat and twenty a minute per group, and a busy group can hit that with commands.
 * A longer wait is not worth holding the update for: the error boundary apologises instead.
 * (The outbox has its own limiter and gets 429s as RateLimitedError; this is for replies only.)
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { TelegramError, type Context, type MiddlewareFn } from 'telegraf';

/** Middleware: this update's Bot API calls retry once after a 429 of at most `maxWaitMs`. */
export function waitOutShortRateLimits(maxWaitMs = 5000): MiddlewareFn<Context> {
  return (ctx, next) => {
    const client = ctx.telegram;
    const call = client.callApi.bind(client);
    const patient: typeof call = async (method, payload, opts) => {
      try {
        return await call(method, payload, opts);
      } catch (err) {
        const waitMs = err instanceof TelegramError && err.code === 429 ? (err.parameters?.retry_after ?? 1) * 1000 : undefined;
        if (waitMs === undefined || waitMs > maxWaitMs) throw err;
        await sleep(waitMs);
        return call(method, payload, opts);
      }
    };
    client.callApi = patient;
    return next();
  };
}
