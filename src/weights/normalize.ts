import {
  arrayOf,
  dtypeOf,
  maxValue,
  pairwiseSum,
  roundingFor,
  type Dtype,
  type FloatArray,
} from './dtype.js';

/** The SDK adds this to a divisor and takes it from the cutoff for numerical stability. */
const EPSILON = 1e-7;

/**
 * Scales `x` to sum 1 with no element above `limit`, as the Python SDK's
 * `normalize_max_weight` (numpy 2 promotion rules, so Python floats such as `limit`
 * take the dtype of the array).
 *
 * - uniform `1/n` when the sum is 0 or `n * limit <= 1`;
 * - `x / sum(x)` when that already keeps every element within the limit;
 * - otherwise elements above a cutoff are clipped to it, then the result is
 *   renormalised, so the largest element ends close to (not exactly at) the limit.
 *
 * A plain array is cast to float32 like a numpy float32 input; the result has the
 * input's dtype.
 */
export function normalizeMaxWeight(x: Float64Array, limit: number): Float64Array;
export function normalizeMaxWeight(
  x: Float32Array | readonly number[],
  limit: number,
): Float32Array;
export function normalizeMaxWeight(
  x: Float32Array | Float64Array | readonly number[],
  limit: number,
): FloatArray {
  const weights = x instanceof Float64Array ? Float64Array.from(x) : Float32Array.from(x);
  const dtype = dtypeOf(weights);
  const round = roundingFor(dtype);
  const n = weights.length;

  if (pairwiseSum(weights, dtype) === 0 || n * limit <= 1) {
    return arrayOf(
      dtype,
      weights.map(() => round(1 / n)),
    );
  }

  const sorted = weights.slice().sort();
  const sortedSum = pairwiseSum(sorted, dtype);
  const estimation = sorted.map((value) => round(value / sortedSum));
  // Comparisons against a Python float run in the array's dtype under numpy 2.
  const typedLimit = round(limit);
  if (maxValue(estimation) <= typedLimit) {
    const sum = pairwiseSum(weights, dtype);
    return weights.map((value) => round(value / sum));
  }

  // The cutoff is float64 (see computeCutoff); clipped entries store it in the array's dtype.
  const cutoff = computeCutoff(estimation, sortedSum, limit, dtype);
  const clipped = weights.map((value) => (value > cutoff ? round(cutoff) : value));
  const clippedSum = pairwiseSum(clipped, dtype);
  return clipped.map((value) => round(value / clippedSum));
}

/**
 * Finds the clip level. `n_values` counts the sorted entries whose share stays below
 * the limit once every larger entry is set equal to them. The cutoff then makes each
 * clipped entry exactly `limit` of the new sum.
 */
function computeCutoff(estimation: FloatArray, sortedSum: number, limit: number, dtype: Dtype) {
  const round = roundingFor(dtype);
  const n = estimation.length;
  const epsilon = round(EPSILON);
  const typedLimit = round(limit);

  const cumsum = arrayOf(dtype, estimation);
  for (let i = 1; i < n; i++) {
    cumsum[i] = round(cumsum[i - 1]! + cumsum[i]!);
  }

  let belowLimit = 0;
  for (let i = 0; i < n; i++) {
    const tail = round((n - i - 1) * estimation[i]!);
    const divisor = round(round(tail + cumsum[i]!) + epsilon);
    if (round(estimation[i]! / divisor) < typedLimit) {
      belowLimit++;
    }
  }

  // Python indexing: with no entry below the limit, index -1 is the last element.
  const cumulative = cumsum[belowLimit === 0 ? n - 1 : belowLimit - 1]!;
  const numerator = round(round(typedLimit * cumulative) - epsilon);
  // The count is a numpy int64, which makes the denominator a numpy float64: from here
  // on the arithmetic is float64, not the array's dtype.
  const denominator = 1 - limit * (n - belowLimit);
  return (numerator / denominator) * sortedSum;
}
