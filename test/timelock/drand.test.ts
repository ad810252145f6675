import { describe, expect, it } from 'vitest';

import { roundAt, roundTime, toRound } from '../../src/timelock/drand.js';
import { catchTimelockError } from './catch-error.js';

describe('roundAt', () => {
  it('is 1 at genesis', () => {
    expect(roundAt(1692803367)).toBe(1);
  });

  it('stays 1 until one period passes', () => {
    expect(roundAt(1692803369.9)).toBe(1);
  });

  it('is 2 one period after genesis', () => {
    expect(roundAt(1692803370)).toBe(2);
  });

  it('is 0 before genesis', () => {
    expect(roundAt(1692803366)).toBe(0);
  });

  it('inverts roundTime', () => {
    expect(roundAt(roundTime(30662982))).toBe(30662982);
  });

  it('rejects NaN', () => {
    expect(catchTimelockError(() => roundAt(Number.NaN)).code).toBe('TIMELOCK_INVALID_INPUT');
  });
});

describe('roundTime', () => {
  it('adds three seconds per round', () => {
    // 1692803367 + (1000 - 1) * 3 = 1692806364.
    expect(roundTime(1000)).toBe(1692806364);
  });

  it('rejects round 0', () => {
    expect(catchTimelockError(() => roundTime(0)).code).toBe('TIMELOCK_INVALID_ROUND');
  });
});

describe('toRound', () => {
  it('accepts the largest u64', () => {
    expect(toRound(2n ** 64n - 1n)).toBe(2n ** 64n - 1n);
  });

  it.each([-1, 1.5, 2 ** 64])('rejects %s', (round) => {
    expect(catchTimelockError(() => toRound(round)).code).toBe('TIMELOCK_INVALID_ROUND');
  });

  it('rejects 2^64 as bigint', () => {
    expect(catchTimelockError(() => toRound(2n ** 64n)).code).toBe('TIMELOCK_INVALID_ROUND');
  });
});
