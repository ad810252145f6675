import { describe, expect, it } from 'vitest';

import { processWeightsForNetuid } from '../../src/weights/process-weights.js';
import { catchError } from './catch-weights-error.js';

const f = Math.fround;

/** float32 sum in numpy's order for fewer than 8 elements: left to right. */
function float32Sum(values: number[]): number {
  return values.reduce((sum, value) => f(sum + value), 0);
}

describe('processWeightsForNetuid', () => {
  it('returns uniform float64 weights when none is positive', () => {
    // No weight > 0 -> np.ones(n, int64) / n = 1/4 over uids 0..3, in float64.
    const result = processWeightsForNetuid([5, 6, 7], [0, 0, -1], {
      n: 4,
      minAllowedWeights: 1,
      maxWeightLimit: 1,
    });

    expect(result.uids).toEqual([0, 1, 2, 3]);
    expect(result.weights).toBeInstanceOf(Float64Array);
    expect(Array.from(result.weights)).toEqual([0.25, 0.25, 0.25, 0.25]);
  });

  it('returns uniform weights when n is below the minimum', () => {
    // n = 4 < minAllowedWeights = 5 -> uniform 1/4, whatever the scores.
    const result = processWeightsForNetuid([0, 1, 2, 3], [1, 2, 3, 4], {
      n: 4,
      minAllowedWeights: 5,
      maxWeightLimit: 1,
    });

    expect(result.uids).toEqual([0, 1, 2, 3]);
    expect(Array.from(result.weights)).toEqual([0.25, 0.25, 0.25, 0.25]);
  });

  it('fills with 1e-5 when too few weights are positive', () => {
    // One positive weight < minAllowedWeights = 3, so every neuron starts at 1e-5 and
    // position 1 adds 0.5: [1e-5, 0.50001, 1e-5, 1e-5] in float64, uids 0..n-1 (the
    // given uids are ignored, as in the SDK). Sum, left to right: 0.50004.
    // limit 1: n * limit = 4 > 1 and max share 0.50001 / 0.50004 <= 1, so x / sum.
    const result = processWeightsForNetuid([7, 8, 9, 10], [0, 0.5, 0, 0], {
      n: 4,
      minAllowedWeights: 3,
      maxWeightLimit: 1,
    });

    const filled = [1e-5, 1e-5 + 0.5, 1e-5, 1e-5];
    const sum = filled[0]! + filled[1]! + filled[2]! + filled[3]!;
    expect(result.uids).toEqual([0, 1, 2, 3]);
    expect(result.weights).toBeInstanceOf(Float64Array);
    expect(Array.from(result.weights)).toEqual(filled.map((x) => x / sum));
  });

  it('clips the fill branch at the max weight limit', () => {
    // Same fill as above with limit 0.4. Shares sorted: e = 1e-5/0.50004 = 1.99984e-5
    // (three times) and 0.99994. Three shares pass the cutoff test, so
    // cutoff = (0.4 * 3e - 1e-7) / (1 - 0.4 * 1) * 0.50004 = 1.991675e-5.
    // 0.50001 is clipped to it; sum = 3e-5 + 1.991675e-5 = 4.991675e-5, so
    // y = [0.2003339, 0.39899825, 0.2003339, 0.2003339].
    const result = processWeightsForNetuid([0, 1, 2, 3], [0, 0.5, 0, 0], {
      n: 4,
      minAllowedWeights: 3,
      maxWeightLimit: 0.4,
    });

    const e = 1e-5 / 0.50004;
    const cutoff = ((0.4 * 3 * e - 1e-7) / (1 - 0.4)) * 0.50004;
    const sum = 3e-5 + cutoff;
    const weights = Array.from(result.weights);
    expect(weights[0]).toBeCloseTo(1e-5 / sum, 12);
    expect(weights[1]).toBeCloseTo(cutoff / sum, 12);
    expect(weights[1]).toBeCloseTo(0.39899825, 7);
    expect(weights[1]).toBeLessThan(0.4);
  });

  it('drops weights below the exclude quantile', () => {
    // Scores [0.1..0.5] float32, uids 10..14. excludeQuantile 26214 -> q = 26214/65535
    // = 0.399994; max_exclude = (5 - 1) / 5 = 0.8, so q stays. Virtual index 4q = 1.59998
    // -> lowest = 0.2 + (0.3 - 0.2) * 0.59998 = 0.26. Kept: 0.3, 0.4, 0.5 (uids 12..14),
    // normalised in float32: x / (0.3 + 0.4 + 0.5) = [0.25, 0.3333333, 0.4166667].
    const result = processWeightsForNetuid([10, 11, 12, 13, 14], [0.1, 0.2, 0.3, 0.4, 0.5], {
      n: 20,
      minAllowedWeights: 1,
      maxWeightLimit: 1,
      excludeQuantile: 26214,
    });

    const kept = [f(0.3), f(0.4), f(0.5)];
    const sum = float32Sum(kept);
    expect(result.uids).toEqual([12, 13, 14]);
    expect(result.weights).toBeInstanceOf(Float32Array);
    expect(Array.from(result.weights)).toEqual(kept.map((x) => f(x / sum)));
  });

  it('interpolates the quantile between neighbours', () => {
    // excludeQuantile 32768 -> q = 0.5000076, virtual index 2.0000305: lowest is
    // 0.3 + 0.1 * 0.0000305 = 0.300003, just above 0.3, so 0.3 is dropped as well.
    const result = processWeightsForNetuid([10, 11, 12, 13, 14], [0.1, 0.2, 0.3, 0.4, 0.5], {
      n: 20,
      minAllowedWeights: 1,
      maxWeightLimit: 1,
      excludeQuantile: 32768,
    });

    const kept = [f(0.4), f(0.5)];
    const sum = float32Sum(kept);
    expect(result.uids).toEqual([13, 14]);
    expect(Array.from(result.weights)).toEqual(kept.map((x) => f(x / sum)));
  });

  it('keeps at least minAllowedWeights when excluding', () => {
    // minAllowedWeights 4 -> max_exclude = (5 - 4) / 5 = 0.2 < 0.5000076, so q = 0.2,
    // virtual index 0.8, lowest = 0.1 + 0.1 * 0.8 = 0.18: four weights stay.
    const result = processWeightsForNetuid([10, 11, 12, 13, 14], [0.1, 0.2, 0.3, 0.4, 0.5], {
      n: 20,
      minAllowedWeights: 4,
      maxWeightLimit: 1,
      excludeQuantile: 32768,
    });

    const kept = [f(0.2), f(0.3), f(0.4), f(0.5)];
    const sum = float32Sum(kept);
    expect(result.uids).toEqual([11, 12, 13, 14]);
    expect(Array.from(result.weights)).toEqual(kept.map((x) => f(x / sum)));
  });

  it('treats negative weights as zero', () => {
    // Only 2 and 6 are positive; quantile 0 keeps both; 2/8 and 6/8 in float32.
    const result = processWeightsForNetuid([0, 1, 2], [2, -3, 6], {
      n: 3,
      minAllowedWeights: 1,
      maxWeightLimit: 1,
    });

    expect(result.uids).toEqual([0, 2]);
    expect(Array.from(result.weights)).toEqual([0.25, 0.75]);
  });

  it('rejects unequal lengths', () => {
    const error = catchError(() =>
      processWeightsForNetuid([0, 1], [1], { n: 2, minAllowedWeights: 1, maxWeightLimit: 1 }),
    );

    expect(error.code).toBe('WEIGHTS_LENGTH_MISMATCH');
  });

  it('rejects a limit above 1', () => {
    const error = catchError(() =>
      processWeightsForNetuid([0], [1], { n: 1, minAllowedWeights: 1, maxWeightLimit: 1.5 }),
    );

    expect(error.code).toBe('WEIGHTS_PARAMETER_INVALID');
  });

  it('rejects a fractional exclude quantile', () => {
    const error = catchError(() =>
      processWeightsForNetuid([0], [1], {
        n: 1,
        minAllowedWeights: 1,
        maxWeightLimit: 1,
        excludeQuantile: 0.5,
      }),
    );

    expect(error.code).toBe('WEIGHTS_PARAMETER_INVALID');
  });

  it('rejects a filled position outside n', () => {
    // Fill branch (1 positive < 2 required) with the positive weight at position 3 >= n.
    const error = catchError(() =>
      processWeightsForNetuid([0, 1, 2, 3], [0, 0, 0, 1], {
        n: 3,
        minAllowedWeights: 2,
        maxWeightLimit: 1,
      }),
    );

    expect(error.code).toBe('WEIGHTS_LENGTH_MISMATCH');
    expect(error.index).toBe(3);
  });
});
