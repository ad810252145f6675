import { convertWeightsAndUids, processWeightsForNetuid, U16_MAX } from '../../weights/index.js';
import type { SubnetHyperparameters } from '../metagraph.js';

/** u16 weights ready for `set_weights`. */
export interface ChainWeights {
  uids: number[];
  weights: number[];
}

/**
 * Turns moving-average scores (index = uid) into the vectors the Python SDK
 * would send: `process_weights_for_netuid` with the subnet's limits, then
 * the float-to-u16 conversion.
 */
export function scoresToChainWeights(
  scores: readonly number[],
  subnet: SubnetHyperparameters,
): ChainWeights {
  const uids = scores.map((_score, uid) => uid);
  const processed = processWeightsForNetuid(uids, scores, {
    n: scores.length,
    minAllowedWeights: subnet.minAllowedWeights,
    maxWeightLimit: subnet.maxWeightsLimit / U16_MAX,
    excludeQuantile: subnet.validatorExcludeQuantile,
  });
  const emitted = convertWeightsAndUids(processed.uids, processed.weights);
  return { uids: [...emitted.uids], weights: [...emitted.weights] };
}
