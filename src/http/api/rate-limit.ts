/**
 * A per-key sliding window: at most `limit` requests in any `windowMs`. Kept in this process's
 * memory (a limit against runaway clients, not a quota): with several processes behind a load
 * balancer each allows its own `limit`.
 */
export type RateLimiter = {
  /** Counts a request of `key` at `now`: ok, or how many seconds until one more is allowed. */
  take(key: string, now: number): { ok: true } | { ok: false; retryAfterSec: number };
};

export function createRateLimiter(limit: number, windowMs = 60_000): RateLimiter {
  const hits = new Map<string, number[]>();
  return {
    take(key, now) {
      const recent = (hits.get(key) ?? []).filter((t) => t > now - windowMs);
      if (recent.length >= limit) {
        hits.set(key, recent);
        return { ok: false, retryAfterSec: Math.max(1, Math.ceil((recent[0]! + windowMs - now) / 1000)) };
      }
      recent.push(now);
      hits.set(key, recent);
      // Forget keys that went quiet, so the map stays as big as the keys in use.
      if (hits.size > 10_000)
        for (const [k, ts] of hits) if (!ts.some((t) => t > now - windowMs)) hits.delete(k);
      return { ok: true };
    },
  };
}
