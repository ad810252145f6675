import { describe, expect, it } from 'vitest';

import { convertWeightsAndUids, roundHalfEven } from '../../src/weights/float-to-u16.js';
import { catchError } from './catch-weights-error.js';

describe('convertWeightsAndUids', () => {
  it('scales the maximum to 65535', () => {
    // float32: 0.1 -> 0.10000000149, 0.2 -> 0.20000000298, 0.7 -> 0.69999998808; max 0.7.
    // 0.1/0.7 * 65535 = 65535/7 = 9362.14 -> 9362
    // 0.2/0.7 * 65535 = 2*65535/7 = 18724.29 -> 18724
    // 0.7/0.7 * 65535 = 65535
    const result = convertWeightsAndUids([0, 1, 2], [0.1, 0.2, 0.7]);

    expect(result.uids).toEqual([0, 1, 2]);
    expect(result.weights).toEqual([9362, 18724, 65535]);
  });

  it('rounds ties half to even', () => {
    // max 65535, so x/max*65535 = x: 0.5, 1.5, 2.5, 3.5, 100.5 and 101.5 are exact ties.
    // Half to even: 0.5 -> 0 (dropped), 1.5 -> 2, 2.5 -> 2, 3.5 -> 4, 100.5 -> 100, 101.5 -> 102.
    // Math.round would give 1, 2, 3, 4, 101, 102.
    const inputs = [0.5, 1.5, 2.5, 3.5, 100.5, 101.5, 65535];
    for (const x of inputs) {
      // Precondition computed here, not by the module: the scaled value is an exact tie.
      expect((x / 65535) * 65535).toBe(x);
    }

    const result = convertWeightsAndUids([10, 11, 12, 13, 14, 15, 16], inputs);

    expect(result.uids).toEqual([11, 12, 13, 14, 15, 16]);
    expect(result.weights).toEqual([2, 2, 4, 100, 102, 65535]);
  });

  it('casts to float32 before scaling', () => {
    // In float64, 0.3 * 65535 = 19660.5 exactly, a tie that rounds to the even 19660.
    // float32(0.3) = 10066330 * 2^-25 = 0.300000011920928955..., and
    // 0.300000011920928955 * 65535 = 19660.50078..., which rounds to 19661.
    expect(0.3 * 65535).toBe(19660.5);
    expect(Math.fround(0.3)).toBe(10066330 * 2 ** -25);

    const result = convertWeightsAndUids([4, 5], [0.3, 1]);

    expect(result.weights).toEqual([19661, 65535]);
  });

  it('keeps a Float64Array in float64', () => {
    // Without the cast, 0.3 / 1 * 65535 = 19660.5 is a tie and rounds to the even 19660.
    const result = convertWeightsAndUids([4, 5], Float64Array.of(0.3, 1));

    expect(result.weights).toEqual([19660, 65535]);
  });

  it('returns empty vectors for an all-zero input', () => {
    const result = convertWeightsAndUids([0, 1, 2], [0, 0, 0]);

    expect(result).toEqual({ uids: [], weights: [] });
  });

  it('drops entries that round to zero', () => {
    // max 1: 0 -> 0 (dropped), 1e-5 * 65535 = 0.655 -> 1, 5e-6 * 65535 = 0.328 -> 0 (dropped).
    const result = convertWeightsAndUids([3, 4, 5, 6], [0, 1, 1e-5, 5e-6]);

    expect(result.uids).toEqual([4, 5]);
    expect(result.weights).toEqual([65535, 1]);
  });

  it('rejects a negative weight', () => {
    const error = catchError(() => convertWeightsAndUids([0, 1], [0.5, -0.1]));

    expect(error.code).toBe('WEIGHT_NEGATIVE');
    expect(error.index).toBe(1);
  });

  it('rejects unequal lengths', () => {
    const error = catchError(() => convertWeightsAndUids([0, 1, 2], [0.5, 0.5]));

    expect(error.code).toBe('WEIGHTS_LENGTH_MISMATCH');
  });

  it('rejects a negative uid', () => {
    const error = catchError(() => convertWeightsAndUids([0, -1], [0.5, 0.5]));

    expect(error.code).toBe('UID_INVALID');
  });

  it('rejects a weight that overflows float32', () => {
    // 1e39 is above the float32 maximum (about 3.4e38), so the cast gives Infinity.
    const error = catchError(() => convertWeightsAndUids([0], [1e39]));

    expect(error.code).toBe('WEIGHT_NOT_FINITE');
  });

  it('rejects empty inputs', () => {
    const error = catchError(() => convertWeightsAndUids([], []));

    expect(error.code).toBe('WEIGHTS_EMPTY');
  });
});

describe('roundHalfEven', () => {
  it.each([
    [0.5, 0],
    [1.5, 2],
    [2.5, 2],
    [3.5, 4],
    [2.4999999999999996, 2],
    [2.5000000000000004, 3],
    [7, 7],
  ])('rounds %d to %d', (x, expected) => {
    expect(roundHalfEven(x)).toBe(expected);
  });
});
