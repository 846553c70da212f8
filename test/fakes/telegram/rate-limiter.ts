/**
 * Telegram's message rate limits as token buckets on the real clock (benchmarks measure wall time
 * against them): per bot overall, per private chat with a small burst, per group per minute.
 */

/** Limits enforced when `rateLimits` is on; each field may be overridden. */
export interface RateLimitConfig {
  /** Messages per second a bot may send overall (Telegram: about 30). */
  perBotPerSecond: number;
  /** Messages per second to one private chat (Telegram: about 1)… */
  perPrivateChatPerSecond: number;
  /** …after a burst of this many. */
  privateChatBurst: number;
  /** Messages per minute to one group (Telegram: 20), all of which may come at once. */
  perGroupPerMinute: number;
  /** Methods that count as sending a message. */
  methods: readonly string[];
}

export const DEFAULT_RATE_LIMITS: RateLimitConfig = {
  perBotPerSecond: 30,
  perPrivateChatPerSecond: 1,
  privateChatBurst: 3,
  perGroupPerMinute: 20,
  methods: ['sendMessage', 'sendPhoto', 'sendDocument', 'copyMessage', 'forwardMessage'],
};

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(readonly config: RateLimitConfig) {}

  /**
   * Takes one message from every bucket that applies, or none; returns 0 when the message may go,
   * else the whole seconds to wait (Telegram's `retry_after`).
   */
  take(method: string, token: string, chatId: number, isGroup: boolean, now = Date.now()): number {
    if (!this.config.methods.includes(method)) return 0;
    const c = this.config;
    const rules = [
      { key: `bot:${token}`, capacity: c.perBotPerSecond, perMs: c.perBotPerSecond / 1000 },
      isGroup
        ? {
            key: `group:${token}:${chatId}`,
            capacity: c.perGroupPerMinute,
            perMs: c.perGroupPerMinute / 60_000,
          }
        : {
            key: `chat:${token}:${chatId}`,
            capacity: c.privateChatBurst,
            perMs: c.perPrivateChatPerSecond / 1000,
          },
    ];
    let waitMs = 0;
    const ready = rules.map((r) => {
      const b = this.buckets.get(r.key) ?? { tokens: r.capacity, updatedAt: now };
      const tokens = Math.min(r.capacity, b.tokens + (now - b.updatedAt) * r.perMs);
      if (tokens < 1) waitMs = Math.max(waitMs, (1 - tokens) / r.perMs);
      return { key: r.key, tokens };
    });
    if (waitMs > 0) return Math.max(1, Math.ceil(waitMs / 1000));
    for (const r of ready) this.buckets.set(r.key, { tokens: r.tokens - 1, updatedAt: now });
    return 0;
  }

  reset(): void {
    this.buckets.clear();
  }
}
