import { describe, expect, it } from 'vitest';

import { computeRevealRound } from '../../src/timelock/reveal-round.js';
import { catchTimelockError } from './catch-error.js';

// Formula: epoch = (block + netuid + 1) div (tempo + 1); first = (epoch +
// reveal) * (tempo + 1) - (netuid + 1), at least 0; seconds = max(0, first +
// 3 - block) * blockTime; round = floor((now + seconds - 1692803367) / 3),
// at least 1.
describe('computeRevealRound', () => {
  it('handles netuid 1, tempo 360', () => {
    // epoch = 1002 div 361 = 2; first = 3 * 361 - 2 = 1081; target 1084;
    // 84 blocks * 12 = 1008 s; (1700001008 - 1692803367) / 3 = 7197641 / 3
    // = 2399213.67, so 2399213.
    const round = computeRevealRound({
      currentBlock: 1000,
      netuid: 1,
      tempo: 360,
      revealPeriodEpochs: 1,
      nowSeconds: 1_700_000_000,
    });

    expect(round).toBe(2399213);
  });

  it('handles a mechanism storage index', () => {
    // Mechanism 1 of netuid 7: index 4096 + 7 = 4103. epoch = 5004104 div 100
    // = 50041; first = 50043 * 100 - 4104 = 5000196; target 5000199; 199
    // blocks * 12 = 2388 s; (1750002388 - 1692803367) / 3 = 57199021 / 3 =
    // 19066340.33, so 19066340.
    const round = computeRevealRound({
      currentBlock: 5_000_000,
      netuid: 4103,
      tempo: 99,
      revealPeriodEpochs: 2,
      nowSeconds: 1_750_000_000,
    });

    expect(round).toBe(19066340);
  });

  it('saturates a past target at now', () => {
    // Reveal period 0: first = 2 * 361 - 2 = 720, target 723 < 1000, so 0 s;
    // (1700000000 - 1692803367) / 3 = 7196633 / 3 = 2398877.67, so 2398877.
    const round = computeRevealRound({
      currentBlock: 1000,
      netuid: 1,
      tempo: 360,
      revealPeriodEpochs: 0,
      nowSeconds: 1_700_000_000,
    });

    expect(round).toBe(2398877);
  });

  it('uses a custom block time', () => {
    // As the first case with 0.25 s blocks: 84 * 0.25 = 21 s;
    // (1700000021 - 1692803367) / 3 = 7196654 / 3 = 2398884.67, so 2398884.
    const round = computeRevealRound({
      currentBlock: 1000,
      netuid: 1,
      tempo: 360,
      revealPeriodEpochs: 1,
      nowSeconds: 1_700_000_000,
      blockTimeSeconds: 0.25,
    });

    expect(round).toBe(2398884);
  });

  it('returns at least 1', () => {
    // Before genesis the round formula is negative.
    const round = computeRevealRound({
      currentBlock: 0,
      netuid: 0,
      tempo: 10,
      revealPeriodEpochs: 1,
      nowSeconds: 0,
    });

    expect(round).toBe(1);
  });

  it('rejects a negative block', () => {
    const error = catchTimelockError(() =>
      computeRevealRound({
        currentBlock: -1,
        netuid: 1,
        tempo: 360,
        revealPeriodEpochs: 1,
        nowSeconds: 1_700_000_000,
      }),
    );

    expect(error.code).toBe('TIMELOCK_INVALID_INPUT');
  });

  it('rejects a zero block time', () => {
    const error = catchTimelockError(() =>
      computeRevealRound({
        currentBlock: 1,
        netuid: 1,
        tempo: 360,
        revealPeriodEpochs: 1,
        nowSeconds: 1_700_000_000,
        blockTimeSeconds: 0,
      }),
    );

    expect(error.message).toMatch(/block time 0/);
  });
});
