import { describe, expect, it } from 'vitest';
import { errorBody } from '../../src/service/errors.js';
import {
  blocksUntilAllowed,
  enforceRateLimit,
  WeightsRateLimitedError,
} from '../../src/service/operations/weights-rate-limit.js';
import type { WeightsSubnetState } from '../../src/service/operations/weights-state.js';

function state(overrides: Partial<WeightsSubnetState>): WeightsSubnetState {
  return {
    blockNumber: 1000,
    commitRevealEnabled: false,
    commitRevealVersion: 4,
    weightsSetRateLimit: 100,
    tempo: 360,
    revealPeriodEpochs: 1,
    uid: 3,
    lastUpdate: 950,
    ...overrides,
  };
}

/** Blocks to build before Subtensor's `check_rate_limit` passes for a transaction sent now. */
function chainWait(best: number, lastUpdate: number, limit: number): number {
  for (let waited = 0; ; waited += 1) {
    const inclusion = best + 1 + waited;
    if (lastUpdate === 0 || inclusion - lastUpdate >= limit) {
      return waited;
    }
  }
}

describe('rate limit precheck', () => {
  it.each([
    [1000, 950, 100],
    [1048, 950, 100],
    [1049, 950, 100],
    [1050, 950, 100],
    [1000, 1000, 1],
    [1000, 1000, 0],
    [1000, 999, 2],
    [10, 0, 100],
  ])('best %i, last update %i, limit %i matches the chain', (best, last, limit) => {
    const left = blocksUntilAllowed(
      state({ blockNumber: best, lastUpdate: last, weightsSetRateLimit: limit }),
    );
    expect(left).toBe(chainWait(best, last, limit));
  });

  it('needs 50 more blocks at block 999', () => {
    expect(blocksUntilAllowed(state({ blockNumber: 999, lastUpdate: 950 }))).toBe(50);
  });

  it('skips an unregistered hotkey', () => {
    expect(blocksUntilAllowed(state({ uid: undefined }))).toBe(0);
  });

  it('rejects at once without queue', async () => {
    const error = await enforceRateLimit(state({}), {
      read: async () => state({}),
      queue: false,
      timeoutMs: 30_000,
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(WeightsRateLimitedError);
    const limited = error as WeightsRateLimitedError;
    expect(limited.status).toBe(429);
    expect(limited.code).toBe('WEIGHTS_RATE_LIMITED');
    expect(limited.blocksLeft).toBe(49);
    expect(limited.retryAfterSeconds).toBe(49 * 12);
    expect(limited.message).toContain('block 950');
    expect(limited.message).toContain('queue_until_allowed');
    expect(errorBody(limited, 'req-1').error.blocks_left).toBe(49);
  });

  it('waits for the limit when queued', async () => {
    let now = 0;
    let best = 1000;
    const reads: number[] = [];
    const result = await enforceRateLimit(state({}), {
      read: async () => {
        reads.push(best);
        return state({ blockNumber: best });
      },
      queue: true,
      timeoutMs: 60_000,
      nowMs: () => now,
      sleep: async (ms) => {
        now += ms;
        best += 10;
      },
      pollMs: 2_000,
    });
    expect(result.blockNumber).toBe(1050);
    expect(reads).toEqual([1010, 1020, 1030, 1040, 1050]);
    expect(now).toBe(10_000);
  });

  it('gives up a queued wait at the timeout', async () => {
    let now = 0;
    const error = await enforceRateLimit(state({}), {
      read: async () => state({ blockNumber: 1001 }),
      queue: true,
      timeoutMs: 5_000,
      nowMs: () => now,
      sleep: async (ms) => {
        now += ms;
      },
      pollMs: 2_000,
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(WeightsRateLimitedError);
    expect((error as WeightsRateLimitedError).blocksLeft).toBe(48);
    expect((error as Error).message).toContain('exceeded the transaction timeout');
    expect(now).toBe(5_000);
  });

  it('returns the first state when allowed', async () => {
    const first = state({ lastUpdate: 0 });
    const result = await enforceRateLimit(first, {
      read: async () => {
        throw new Error('no second read expected');
      },
      queue: false,
      timeoutMs: 1,
    });
    expect(result).toBe(first);
  });
});
