import { InvalidWeightsError } from './errors.js';
import { U16_MAX } from './float-to-u16.js';
import { normalizeMaxWeight } from './normalize.js';
import { quantile } from './quantile.js';

/** Weight given to every neuron before the positive weights are added when too few are set. */
const FILL_WEIGHT = 1e-5;

/** The subnet values `process_weights_for_netuid` reads from the chain, plus its own option. */
export interface SubnetWeightLimits {
  /** Number of neurons on the subnet (`metagraph.n`). */
  n: number;
  /** Subnet hyperparameter `MinAllowedWeights`. */
  minAllowedWeights: number;
  /** Subnet hyperparameter `MaxWeightsLimit` as a fraction (u16 value / 65535). */
  maxWeightLimit: number;
  /** u16 share of the lowest positive weights to drop; defaults to 0. */
  excludeQuantile?: number;
}

export interface ProcessedWeights {
  uids: number[];
  /**
   * Float64Array in the uniform and fill branches and Float32Array otherwise, the
   * dtypes the SDK returns; `convertWeightsAndUids` keeps that dtype.
   */
  weights: Float32Array | Float64Array;
}

/**
 * Prepares validator scores for `set_weights` as the Python SDK's
 * `process_weights_for_netuid` does, given the subnet values it would read.
 *
 * Weights are cast to float32, then:
 * - no positive weight, or `n < minAllowedWeights`: uniform `1/n` over uids 0..n-1;
 * - fewer positive weights than `minAllowedWeights`: every neuron gets 1e-5, the
 *   positive weights are added at their positions (position i is taken as uid i, as
 *   in the SDK), and the result is normalised with `normalizeMaxWeight` over uids
 *   0..n-1;
 * - otherwise weights below the quantile `min(excludeQuantile / 65535,
 *   max(0, count - minAllowedWeights) / count)` of the positive weights are
 *   dropped and the rest normalised with `normalizeMaxWeight`.
 *
 * Negative weights count as zero, as in the SDK. Throws InvalidWeightsError on
 * non-finite weights, unequal lengths or invalid parameters.
 */
export function processWeightsForNetuid(
  uids: readonly number[],
  weights: readonly number[],
  limits: SubnetWeightLimits,
): ProcessedWeights {
  checkInput(uids, weights, limits);
  const { n, minAllowedWeights, maxWeightLimit } = limits;
  // float32 from here on, as `weights.astype(np.float32)`.
  const scores = Float32Array.from(weights);

  const positiveIndexes: number[] = [];
  scores.forEach((score, i) => {
    if (score > 0) {
      positiveIndexes.push(i);
    }
  });

  if (positiveIndexes.length === 0 || n < minAllowedWeights) {
    // float64: the SDK divides an int64 array of ones by n.
    return { uids: range(n), weights: new Float64Array(n).fill(1 / n) };
  }

  if (positiveIndexes.length < minAllowedWeights) {
    return { uids: range(n), weights: fillAndNormalize(scores, positiveIndexes, limits) };
  }

  // The quantile share is a Python float (float64); quantile() interpolates in float32.
  const positive = Float32Array.from(positiveIndexes, (i) => scores[i]!);
  const count = positive.length;
  const maxExclude = Math.max(0, count - minAllowedWeights) / count;
  const excludeShare = Math.min((limits.excludeQuantile ?? 0) / U16_MAX, maxExclude);
  const lowest = quantile(positive, excludeShare);

  // Both sides are float32, so the comparison is exact.
  const keptIndexes = positiveIndexes.filter((i) => scores[i]! >= lowest);
  const kept = Float32Array.from(keptIndexes, (i) => scores[i]!);
  return {
    uids: keptIndexes.map((i) => uids[i]!),
    weights: normalizeMaxWeight(kept, maxWeightLimit),
  };
}

/**
 * Builds the fill branch in float64, the dtype of the SDK's `ones(n, int64) * 1e-5`:
 * adding a float32 weight to it is exact before the final rounding to float64.
 */
function fillAndNormalize(
  scores: Float32Array,
  positiveIndexes: readonly number[],
  limits: SubnetWeightLimits,
): Float64Array {
  const filled = new Float64Array(limits.n).fill(FILL_WEIGHT);
  for (const i of positiveIndexes) {
    if (i >= limits.n) {
      throw new InvalidWeightsError(
        'WEIGHTS_LENGTH_MISMATCH',
        `weight at index ${i} is outside the subnet's ${limits.n} neurons: pass at most n weights`,
        i,
      );
    }
    filled[i] = filled[i]! + scores[i]!;
  }
  return normalizeMaxWeight(filled, limits.maxWeightLimit);
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

function checkInput(
  uids: readonly number[],
  weights: readonly number[],
  input: SubnetWeightLimits,
): void {
  if (uids.length !== weights.length) {
    throw new InvalidWeightsError(
      'WEIGHTS_LENGTH_MISMATCH',
      `uids and weights must have the same length, got ${uids.length} uids and ${weights.length} weights`,
    );
  }
  weights.forEach((weight, index) => {
    if (!Number.isFinite(Math.fround(weight))) {
      throw new InvalidWeightsError(
        'WEIGHT_NOT_FINITE',
        `weight ${weight} at index ${index} is not a finite float32 number`,
        index,
      );
    }
  });
  checkCount('n', input.n);
  checkCount('minAllowedWeights', input.minAllowedWeights);
  if (!(input.maxWeightLimit >= 0 && input.maxWeightLimit <= 1)) {
    throw new InvalidWeightsError(
      'WEIGHTS_PARAMETER_INVALID',
      `maxWeightLimit ${input.maxWeightLimit} is invalid: use a fraction from 0 to 1`,
    );
  }
  const exclude = input.excludeQuantile ?? 0;
  if (!Number.isInteger(exclude) || exclude < 0 || exclude > U16_MAX) {
    throw new InvalidWeightsError(
      'WEIGHTS_PARAMETER_INVALID',
      `excludeQuantile ${exclude} is invalid: use an integer from 0 to ${U16_MAX}`,
    );
  }
}

function checkCount(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0) {
    throw new InvalidWeightsError(
      'WEIGHTS_PARAMETER_INVALID',
      `${name} ${value} is invalid: use an integer of 0 or more`,
    );
  }
}
