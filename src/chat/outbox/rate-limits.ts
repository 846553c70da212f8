import type { Platform } from '../../core/roster/person.js';
import type { Target } from '../ports.js';

/** A token bucket: `burst` tokens, refilled at `perSecond`. */
export type BucketLimit = { perSecond: number; burst: number };

/** Per-platform limits (the platforms' published rate limits); every number can be overridden in config or tests. */
export type PlatformLimits = {
  /** Every DM / private chat. */
  direct: BucketLimit;
  /** Every channel or group. */
  channel: BucketLimit;
  /** The whole bot on the platform (Slack workspace, Telegram bot). */
  global: BucketLimit;
};

export type RateLimits = Record<Platform, PlatformLimits>;

const UNLIMITED: BucketLimit = { perSecond: 1000, burst: 1000 };

/**
 * Slack: chat.postMessage ≈ 1/s per channel (a DM is a channel) with short bursts, plus an
 * unpublished workspace limit (kept well below the Web API's tier-4 rates).
 * Telegram: 1/s per chat, 20/min per group (burst 3 + 17/min keeps any minute ≤ 20), 30/s overall
 * (burst 2 + 28/s keeps any second ≤ 30).
 */
export const DEFAULT_RATE_LIMITS: RateLimits = {
  slack: {
    direct: { perSecond: 1, burst: 3 },
    channel: { perSecond: 1, burst: 3 },
    global: { perSecond: 10, burst: 10 },
  },
  telegram: {
    direct: { perSecond: 1, burst: 1 },
    channel: { perSecond: 17 / 60, burst: 3 },
    global: { perSecond: 28, burst: 2 },
  },
  console: { direct: UNLIMITED, channel: UNLIMITED, global: UNLIMITED },
};

/** Merges partial overrides into the defaults. */
export function rateLimits(overrides: Partial<Record<Platform, Partial<PlatformLimits>>> = {}): RateLimits {
  const out = { ...DEFAULT_RATE_LIMITS };
  for (const p of Object.keys(overrides) as Platform[]) out[p] = { ...out[p], ...overrides[p] };
  return out;
}

/** A token bucket that can also be paused (a 429's Retry-After). Times are wall-clock ms. */
export class TokenBucket {
  private tokens: number;
  private updated: number;
  private pausedUntil = 0;

  constructor(
    private readonly limit: BucketLimit,
    now: number,
  ) {
    this.tokens = limit.burst;
    this.updated = now;
  }

  private refill(now: number): void {
    const elapsed = Math.max(0, now - this.updated) / 1000;
    this.tokens = Math.min(this.limit.burst, this.tokens + elapsed * this.limit.perSecond);
    this.updated = now;
  }

  /** Milliseconds until a token is available (0 = now). */
  waitMs(now: number): number {
    if (now < this.pausedUntil) return this.pausedUntil - now;
    this.refill(now);
    if (this.tokens >= 1) return 0;
    return Math.ceil(((1 - this.tokens) / this.limit.perSecond) * 1000);
  }

  take(now: number): void {
    this.refill(now);
    this.tokens -= 1;
  }

  /** Gives back a token taken for a send that did not happen. */
  refund(): void {
    this.tokens = Math.min(this.limit.burst, this.tokens + 1);
  }

  /** No sends until `until`; the bucket restarts empty-ish (one token) so sends resume slowly. */
  pause(until: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, until);
    this.tokens = Math.min(this.tokens, 1);
    this.updated = Math.max(this.updated, until);
  }
}

/** The scope of a target's bucket, e.g. `telegram:chat:-100123` or `slack:dm:slack:T1:U2`. */
export function targetScope(target: Target): string {
  return target.kind === 'dm' ? `dm:${target.address}` : `channel:${target.platform}:${target.id}`;
}

/** Telegram group/channel chat ids are negative; private chats are positive user ids. */
function isGroup(target: Target): boolean {
  if (target.kind === 'dm') return false;
  return target.platform !== 'telegram' || target.id.startsWith('-');
}

/** Per-target and per-platform buckets, created on first use. */
export class RateLimiter {
  private readonly buckets = new Map<string, TokenBucket>();
  constructor(private readonly limits: RateLimits) {}

  private bucket(key: string, limit: BucketLimit, now: number): TokenBucket {
    let b = this.buckets.get(key);
    if (!b) {
      b = new TokenBucket(limit, now);
      this.buckets.set(key, b);
    }
    return b;
  }

  private pair(platform: Platform, target: Target, now: number): [TokenBucket, TokenBucket] {
    const l = this.limits[platform];
    return [
      this.bucket(targetScope(target), isGroup(target) ? l.channel : l.direct, now),
      this.bucket(`global:${platform}`, l.global, now),
    ];
  }

  /** Milliseconds until both the target's and the platform's bucket allow a send. */
  waitMs(platform: Platform, target: Target, now: number): number {
    return Math.max(...this.pair(platform, target, now).map((b) => b.waitMs(now)));
  }

  take(platform: Platform, target: Target, now: number): void {
    for (const b of this.pair(platform, target, now)) b.take(now);
  }

  refund(platform: Platform, target: Target, now: number): void {
    for (const b of this.pair(platform, target, now)) b.refund();
  }

  /** A 429: pause the target, or the whole platform when the sender says the limit is global. */
  pause(platform: Platform, target: Target, scope: string, until: number, now: number): void {
    const [perTarget, global] = this.pair(platform, target, now);
    (isGlobalScope(scope) ? global : perTarget).pause(until);
  }
}

/** RateLimitedError scopes that mean the whole bot/workspace, not one chat. */
export function isGlobalScope(scope: string): boolean {
  return /^(global|workspace|bot|platform|slack|telegram)$/i.test(scope);
}
