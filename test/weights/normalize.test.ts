import { describe, expect, it } from 'vitest';

import { normalizeMaxWeight } from '../../src/weights/normalize.js';
import { quantile } from '../../src/weights/quantile.js';
import { catchError } from './catch-weights-error.js';

const f = Math.fround;

describe('normalizeMaxWeight', () => {
  it('returns uniform weights when n * limit <= 1', () => {
    // 3 * 0.3 = 0.9 <= 1 -> ones / 3 in float32.
    const result = normalizeMaxWeight([1, 2, 3], 0.3);

    expect(Array.from(result)).toEqual([f(1 / 3), f(1 / 3), f(1 / 3)]);
  });

  it('returns uniform weights when the sum is zero', () => {
    const result = normalizeMaxWeight([0, 0], 0.9);

    expect(Array.from(result)).toEqual([0.5, 0.5]);
  });

  it('divides by the sum within the limit', () => {
    // Shares 1/6, 2/6, 3/6, max 0.5 <= limit 0.5 -> x / 6 in float32.
    const result = normalizeMaxWeight([1, 2, 3], 0.5);

    expect(result).toBeInstanceOf(Float32Array);
    expect(Array.from(result)).toEqual([f(1 / 6), f(2 / 6), f(3 / 6)]);
  });

  it('clips at the cutoff above the limit', () => {
    // x = [1, 1, 1, 7] float64, sum 10, sorted shares [0.1, 0.1, 0.1, 0.7], limit 0.4.
    // cumsum [0.1, 0.2, 0.3, 1.0]; tail (3 - i) * share: [0.3, 0.2, 0.1, 0].
    // share / (tail + cumsum + 1e-7): about 0.25 three times (< 0.4), 0.7 once -> count 3.
    // cutoff = (0.4 * cumsum[2] - 1e-7) / (1 - 0.4 * (4 - 3)) * 10 = 1.99999833.
    // Clipped [1, 1, 1, 1.99999833], sum 4.99999833 -> [0.20000007 x3, 0.3999998].
    const result = normalizeMaxWeight(Float64Array.of(1, 1, 1, 7), 0.4);

    const cumsum2 = 0.1 + 0.1 + 0.1;
    const cutoff = ((0.4 * cumsum2 - 1e-7) / (1 - 0.4)) * 10;
    const sum = 3 + cutoff;
    expect(result).toBeInstanceOf(Float64Array);
    expect(result[0]).toBeCloseTo(1 / sum, 15);
    expect(result[3]).toBeCloseTo(cutoff / sum, 15);
    expect(result[3]).toBeCloseTo(0.3999998, 7);
  });

  it('clips float32 input in float32', () => {
    // Same clip as above; the float32 path ends within float32 precision of it.
    const result = normalizeMaxWeight([1, 1, 1, 7], 0.4);

    expect(result).toBeInstanceOf(Float32Array);
    expect(result[0]).toBeCloseTo(0.2000000667, 7);
    expect(result[3]).toBeCloseTo(0.3999998, 7);
  });
});

describe('quantile', () => {
  it('interpolates linearly between neighbours', () => {
    // Sorted [1, 2, 3, 4]; q = 0.25 -> index 0.75 -> 1 + (2 - 1) * 0.75 = 1.75.
    expect(quantile(Float64Array.of(4, 1, 3, 2), 0.25)).toBe(1.75);
  });

  it('interpolates from the upper neighbour at half', () => {
    // q = 0.5 -> index 1.5, gamma 0.5 >= 0.5 -> 3 - (3 - 2) * (1 - 0.5) = 2.5.
    expect(quantile(Float64Array.of(1, 2, 3, 4), 0.5)).toBe(2.5);
  });

  it('returns the extremes at 0 and 1', () => {
    expect(quantile(Float32Array.of(0.3, 0.1, 0.2), 0)).toBe(f(0.1));
    expect(quantile(Float32Array.of(0.3, 0.1, 0.2), 1)).toBe(f(0.3));
  });

  it('rounds float32 interpolation to float32', () => {
    // float32 [0.1, 0.2], q = 0.5: 0.2 - (0.2 - 0.1) * 0.5, every step in float32.
    const expected = f(f(0.2) - f(f(f(0.2) - f(0.1)) * 0.5));

    expect(quantile(Float32Array.of(0.1, 0.2), 0.5)).toBe(expected);
  });

  it('rejects q outside 0..1', () => {
    const error = catchError(() => quantile([1, 2], 1.5));

    expect(error.code).toBe('WEIGHTS_PARAMETER_INVALID');
  });
});
