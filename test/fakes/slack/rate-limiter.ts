// Slack-like rate limits on wall-clock time, so benchmarks that pace themselves against Retry-After
// measure what they would measure against Slack.
import { performance } from 'node:perf_hooks';

/** Limits to enforce; everything unset is unlimited. */
export interface RateLimitOptions {
  /** chat.postMessage per channel (a DM is a channel), steady rate. Slack: about 1. Default 1. */
  perChannelPerSecond?: number;
  /** chat.postMessage per channel, messages allowed at once before the steady rate applies. Default 3. */
  burst?: number;
  /** chat.postMessage across the workspace in any sliding 60 s (Slack's is unpublished). */
  globalPerMinute?: number;
  /** Any method (including chat.postMessage) in any sliding 60 s, e.g. `{ 'views.open': 20 }` for tier 2. */
  perMethodPerMinute?: Record<string, number>;
}

export interface RateLimiter {
  /** Takes one request's share, or returns the Retry-After seconds (≥ 1) if it is over a limit. */
  take(method: string, channel?: string): number | undefined;
  reset(): void;
}

const WINDOW_MS = 60_000;

/** `now` is in milliseconds; it defaults to the monotonic wall clock. */
export function createRateLimiter(
  opts: RateLimitOptions,
  now: () => number = () => performance.now(),
): RateLimiter {
  const rate = opts.perChannelPerSecond ?? 1;
  const burst = opts.burst ?? 3;
  const buckets = new Map<string, { tokens: number; at: number }>();
  const windows = new Map<string, number[]>();

  /** Milliseconds until a token bucket for `channel` has a whole token (0 = now). */
  function bucketWait(channel: string, t: number): number {
    const b = buckets.get(channel) ?? { tokens: burst, at: t };
    b.tokens = Math.min(burst, b.tokens + ((t - b.at) / 1000) * rate);
    b.at = t;
    buckets.set(channel, b);
    return b.tokens >= 1 ? 0 : ((1 - b.tokens) / rate) * 1000;
  }

  /** Milliseconds until the sliding window `key` admits one more request (0 = now). */
  function windowWait(key: string, limit: number, t: number): number {
    const stamps = (windows.get(key) ?? []).filter((s) => s > t - WINDOW_MS);
    windows.set(key, stamps);
    return stamps.length < limit ? 0 : stamps[stamps.length - limit]! + WINDOW_MS - t;
  }

  return {
    take(method, channel) {
      const t = now();
      const perChannel = method === 'chat.postMessage' && channel !== undefined;
      const global = method === 'chat.postMessage' ? opts.globalPerMinute : undefined;
      const methodLimit = opts.perMethodPerMinute?.[method];
      const wait = Math.max(
        perChannel ? bucketWait(channel, t) : 0,
        global !== undefined ? windowWait('*chat.postMessage', global, t) : 0,
        methodLimit !== undefined ? windowWait(method, methodLimit, t) : 0,
      );
      if (wait > 0) return Math.max(1, Math.ceil(wait / 1000));
      if (perChannel) buckets.get(channel)!.tokens -= 1;
      if (global !== undefined) windows.get('*chat.postMessage')!.push(t);
      if (methodLimit !== undefined) windows.get(method)!.push(t);
      return undefined;
    },
    reset() {
      buckets.clear();
      windows.clear();
    },
  };
}
