import { maxValue } from './dtype.js';
import { InvalidWeightsError } from './errors.js';

export const U16_MAX = 65535;

/** The `dests` and `weights` vectors of `set_weights` and of the commit calls. */
export interface EmitWeights {
  uids: number[];
  /** u16 weights, the largest input scaled to 65535. */
  weights: number[];
}

/**
 * Converts float weights to the u16 vectors that `set_weights` and the commit calls
 * carry, as the Python SDK's `convert_weights_and_uids_for_emit` does.
 *
 * A plain array or a `Float32Array` is cast to float32 first, like the SDK's list
 * input. A `Float64Array` stays float64, like a float64 numpy array, which the uniform
 * and fill branches of `processWeightsForNetuid` return. Each weight is divided by the
 * maximum in float64, multiplied by 65535 and rounded half to even. Entries that round
 * to 0 are dropped with their uid, and an all-zero input gives empty vectors.
 *
 * Throws InvalidWeightsError on empty or unequal inputs, a negative or non-finite
 * weight, or a uid that is not an integer in 0..65535.
 */
export function convertWeightsAndUids(
  uids: readonly number[],
  weights: readonly number[] | Float32Array | Float64Array,
): EmitWeights {
  checkLengths(uids.length, weights.length);
  uids.forEach(checkUid);
  const values = castWeights(weights);
  values.forEach(checkWeight);

  if (values.every((value) => value === 0)) {
    return { uids: [], weights: [] };
  }

  const max = maxValue(values);
  const result: EmitWeights = { uids: [], weights: [] };
  values.forEach((value, i) => {
    const scaled = roundHalfEven((value / max) * U16_MAX);
    if (scaled !== 0) {
      result.uids.push(uids[i]!);
      result.weights.push(scaled);
    }
  });
  return result;
}

/** Rounds to the nearest integer and ties to the even one, as Python's `round(x)`. */
export function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const fraction = x - floor;
  if (fraction > 0.5) {
    return floor + 1;
  }
  if (fraction < 0.5) {
    return floor;
  }
  return floor % 2 === 0 ? floor : floor + 1;
}

function castWeights(weights: readonly number[] | Float32Array | Float64Array): number[] {
  if (weights instanceof Float64Array) {
    return Array.from(weights);
  }
  return Array.from(weights, (value) => Math.fround(value));
}

function checkLengths(uidCount: number, weightCount: number): void {
  if (uidCount !== weightCount) {
    throw new InvalidWeightsError(
      'WEIGHTS_LENGTH_MISMATCH',
      `uids and weights must have the same length, got ${uidCount} uids and ${weightCount} weights`,
    );
  }
  if (uidCount === 0) {
    throw new InvalidWeightsError(
      'WEIGHTS_EMPTY',
      'uids and weights are empty: pass at least one uid with its weight',
    );
  }
}

function checkUid(uid: number, index: number): void {
  if (!Number.isInteger(uid) || uid < 0 || uid > U16_MAX) {
    throw new InvalidWeightsError(
      'UID_INVALID',
      `uid ${uid} at index ${index} is invalid: uids are integers from 0 to ${U16_MAX}`,
      index,
    );
  }
}

function checkWeight(weight: number, index: number): void {
  if (!Number.isFinite(weight)) {
    throw new InvalidWeightsError(
      'WEIGHT_NOT_FINITE',
      `weight ${weight} at index ${index} is not a finite number (after the cast to float32 where it applies)`,
      index,
    );
  }
  if (weight < 0) {
    throw new InvalidWeightsError(
      'WEIGHT_NEGATIVE',
      `weight ${weight} at index ${index} is negative: weights must be 0 or more`,
      index,
    );
  }
}
