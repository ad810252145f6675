import { describe, expect, it } from 'vitest';
import {
  backoffDelayMs,
  parseRetryAfterMs,
  resolveBackoff,
  retryDelayMs,
} from '../../src/client/backoff.js';

describe('backoffDelayMs', () => {
  const fixed = resolveBackoff({ baseMs: 200, maxMs: 5000, jitter: false });

  it('doubles from baseMs up to maxMs', () => {
    const delays = [0, 1, 2, 3, 4, 5, 6].map((retry) => backoffDelayMs(retry, fixed));
    expect(delays).toEqual([200, 400, 800, 1600, 3200, 5000, 5000]);
  });

  it('scales the ceiling by the random draw', () => {
    const jittered = resolveBackoff({ baseMs: 200, maxMs: 5000, jitter: true });
    expect(backoffDelayMs(2, jittered, () => 0)).toBe(0);
    expect(backoffDelayMs(2, jittered, () => 0.5)).toBe(400);
    expect(backoffDelayMs(2, jittered, () => 0.25)).toBe(200);
    expect(backoffDelayMs(10, jittered, () => 0.999)).toBe(4995);
  });

  it('spreads draws across the full range', () => {
    const jittered = resolveBackoff({ baseMs: 1000, maxMs: 1000 });
    const draws = Array.from({ length: 2000 }, () => backoffDelayMs(0, jittered));
    const low = draws.filter((delay) => delay < 250).length;
    const high = draws.filter((delay) => delay > 750).length;
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...draws)).toBeLessThanOrEqual(1000);
    // Each quarter contains about 500 of 2000 uniform draws; 350 is far outside chance.
    expect(low).toBeGreaterThan(350);
    expect(high).toBeGreaterThan(350);
  });
});

describe('retryDelayMs', () => {
  const policy = resolveBackoff({ baseMs: 100, maxMs: 1000, jitter: false, maxRetryAfterMs: 3000 });

  it('adds the backoff to Retry-After', () => {
    expect(retryDelayMs(0, policy, 2000)).toBe(2100);
  });

  it('caps Retry-After at maxRetryAfterMs', () => {
    expect(retryDelayMs(1, policy, 3_600_000)).toBe(3200);
  });

  it('uses the backoff alone without Retry-After', () => {
    expect(retryDelayMs(3, policy, undefined)).toBe(800);
  });
});

describe('parseRetryAfterMs', () => {
  it('reads delay seconds', () => {
    expect(parseRetryAfterMs('5')).toBe(5000);
    expect(parseRetryAfterMs(' 0 ')).toBe(0);
  });

  it('reads an HTTP date relative to now', () => {
    const now = Date.UTC(2026, 0, 1, 12, 0, 0);
    expect(parseRetryAfterMs('Thu, 01 Jan 2026 12:00:30 GMT', now)).toBe(30_000);
  });

  it('treats a past date as zero', () => {
    const now = Date.UTC(2026, 0, 1, 12, 0, 0);
    expect(parseRetryAfterMs('Thu, 01 Jan 2026 11:00:00 GMT', now)).toBe(0);
  });

  it('ignores absent or invalid values', () => {
    expect(parseRetryAfterMs(null)).toBeUndefined();
    expect(parseRetryAfterMs('soon')).toBeUndefined();
    expect(parseRetryAfterMs('-3')).toBeUndefined();
  });
});

describe('resolveBackoff', () => {
  it('fills the documented defaults', () => {
    expect(resolveBackoff()).toEqual({
      baseMs: 200,
      maxMs: 5000,
      jitter: true,
      maxRetryAfterMs: 30_000,
    });
  });

  it('keeps defaults for undefined fields', () => {
    expect(resolveBackoff({ baseMs: undefined, maxMs: 900 }).baseMs).toBe(200);
  });

  it('rejects negative values by name', () => {
    expect(() => resolveBackoff({ baseMs: -1 })).toThrow(/backoff\.baseMs is -1/);
  });

  it('rejects baseMs above maxMs', () => {
    expect(() => resolveBackoff({ baseMs: 600, maxMs: 500 })).toThrow(/above backoff\.maxMs 500/);
  });
});
