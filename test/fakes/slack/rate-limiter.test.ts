import { describe, expect, it } from '@jest/globals';
import { createRateLimiter } from './rate-limiter.js';

/** A limiter on a hand-moved clock (the fake itself runs on the wall clock). */
function limiterAt(opts: Parameters<typeof createRateLimiter>[0]) {
  let now = 0;
  const limiter = createRateLimiter(opts, () => now);
  return { limiter, advance: (ms: number) => void (now += ms) };
}

describe('the rate limiter', () => {
  it('allows a burst per channel, then one message per interval, with Retry-After in whole seconds', () => {
    const { limiter, advance } = limiterAt({ perChannelPerSecond: 1, burst: 3 });
    expect([1, 2, 3].map(() => limiter.take('chat.postMessage', 'C1'))).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
    expect(limiter.take('chat.postMessage', 'C1')).toBe(1);
    expect(limiter.take('chat.postMessage', 'C2')).toBeUndefined();
    advance(999);
    expect(limiter.take('chat.postMessage', 'C1')).toBe(1);
    advance(1);
    expect(limiter.take('chat.postMessage', 'C1')).toBeUndefined();
    expect(limiter.take('chat.postMessage', 'C1')).toBe(1);
  });

  it('rounds slow rates up: at 0.2/s the wait after a burst of 1 is 5 s', () => {
    const { limiter, advance } = limiterAt({ perChannelPerSecond: 0.2, burst: 1 });
    expect(limiter.take('chat.postMessage', 'C1')).toBeUndefined();
    expect(limiter.take('chat.postMessage', 'C1')).toBe(5);
    advance(4200);
    expect(limiter.take('chat.postMessage', 'C1')).toBe(1);
  });

  it('limits chat.postMessage workspace-wide over a sliding minute', () => {
    const { limiter, advance } = limiterAt({ perChannelPerSecond: 100, burst: 100, globalPerMinute: 2 });
    expect(limiter.take('chat.postMessage', 'C1')).toBeUndefined();
    advance(30_000);
    expect(limiter.take('chat.postMessage', 'C2')).toBeUndefined();
    expect(limiter.take('chat.postMessage', 'C3')).toBe(30);
    advance(30_000);
    expect(limiter.take('chat.postMessage', 'C3')).toBeUndefined();
  });

  it('limits other methods by their tier, and a refused call uses no budget', () => {
    const { limiter, advance } = limiterAt({ perMethodPerMinute: { 'views.open': 2 } });
    expect(limiter.take('views.open')).toBeUndefined();
    expect(limiter.take('views.open')).toBeUndefined();
    expect(limiter.take('views.open')).toBe(60);
    expect(limiter.take('users.info')).toBeUndefined();
    advance(60_000);
    expect(limiter.take('views.open')).toBeUndefined();
    limiter.reset();
    expect(limiter.take('views.open')).toBeUndefined();
  });
});
