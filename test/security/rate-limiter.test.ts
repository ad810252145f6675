import { describe, expect, it } from 'vitest';
import { RequestRateLimiter } from '../../src/security/rate-limiter.js';
import { TokenBucket } from '../../src/security/token-bucket.js';

/** Creates a clock in milliseconds that the test moves by hand. */
function manualClock(start = 1_700_000_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('RequestRateLimiter', () => {
  it('allows a burst of the per-minute limit', () => {
    const clock = manualClock();
    const limiter = new RequestRateLimiter(clock.now);
    for (let request = 0; request < 60; request++) {
      expect(limiter.take('miner-1', 60)).toEqual({ ok: true });
    }
    expect(limiter.take('miner-1', 60)).toEqual({ ok: false, retryAfterSeconds: 1 });
  });

  it('refills at the per-minute rate', () => {
    const clock = manualClock();
    const limiter = new RequestRateLimiter(clock.now);
    for (let request = 0; request < 6; request++) {
      limiter.take('miner-1', 6);
    }
    // 6 per minute is one every 10 seconds.
    expect(limiter.take('miner-1', 6)).toEqual({ ok: false, retryAfterSeconds: 10 });
    clock.advance(4_000);
    expect(limiter.take('miner-1', 6)).toEqual({ ok: false, retryAfterSeconds: 6 });
    clock.advance(5_999);
    expect(limiter.take('miner-1', 6)).toEqual({ ok: false, retryAfterSeconds: 1 });
    clock.advance(1);
    expect(limiter.take('miner-1', 6)).toEqual({ ok: true });
    expect(limiter.take('miner-1', 6).ok).toBe(false);
  });

  it('keeps tokens apart', () => {
    const limiter = new RequestRateLimiter(manualClock().now);
    expect(limiter.take('a', 1).ok).toBe(true);
    expect(limiter.take('a', 1).ok).toBe(false);
    expect(limiter.take('b', 1).ok).toBe(true);
  });

  it('never limits a token without a limit', () => {
    const limiter = new RequestRateLimiter(manualClock().now);
    for (let request = 0; request < 10_000; request++) {
      expect(limiter.take('free', undefined).ok).toBe(true);
    }
  });

  it('caps remaining tokens when the limit drops', () => {
    const clock = manualClock();
    const limiter = new RequestRateLimiter(clock.now);
    limiter.take('miner-1', 100);
    for (let request = 0; request < 2; request++) {
      expect(limiter.take('miner-1', 2).ok).toBe(true);
    }
    expect(limiter.take('miner-1', 2)).toEqual({ ok: false, retryAfterSeconds: 30 });
  });

  it('does not refill when the clock steps back', () => {
    const clock = manualClock();
    const limiter = new RequestRateLimiter(clock.now);
    limiter.take('miner-1', 1);
    clock.advance(-30_000);
    expect(limiter.take('miner-1', 1)).toEqual({ ok: false, retryAfterSeconds: 60 });
  });
});

describe('TokenBucket', () => {
  it('reports milliseconds until the next token', () => {
    const bucket = new TokenBucket(2, 1 / 500, 0);
    expect(bucket.take(0)).toBe(0);
    expect(bucket.take(0)).toBe(0);
    expect(bucket.take(0)).toBe(500);
    expect(bucket.take(200)).toBe(300);
    expect(bucket.take(500)).toBe(0);
  });

  it('never holds more than its capacity', () => {
    const bucket = new TokenBucket(3, 1, 0);
    expect(bucket.available(1_000_000)).toBe(3);
  });

  it('rejects a non-positive rate', () => {
    expect(() => new TokenBucket(0, 1, 0)).toThrow(RangeError);
    expect(() => new TokenBucket(1, 0, 0)).toThrow(RangeError);
  });
});
