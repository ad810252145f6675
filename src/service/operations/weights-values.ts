import {
  CommitHashInputError,
  convertWeightsAndUids,
  InvalidWeightsError,
  PYTHON_SDK_VERSION_KEY,
  storageIndex,
  U16_MAX,
} from '../../weights/index.js';
import { InvalidRequestError } from './invalid-request.js';
import { checkUidsAndWeights, parseU64 } from './weights-input.js';

/** `u16`: weights as the chain stores them. `float`: non-negative numbers, scaled as the SDK does. */
export type WeightsFormat = 'u16' | 'float';

/** The `dests`/`uids` and `weights`/`values` vectors every weights call carries. */
export interface U16Weights {
  uids: number[];
  weights: number[];
}

/**
 * Turns the request's uids and weights into u16 vectors. Float weights go
 * through `convertWeightsAndUids`, as in the Python SDK's `set_weights`:
 * float32 cast, divide by the maximum, scale to 65535, round half to even
 * and drop zeros. The result must keep at least one entry.
 */
export function toU16Weights(
  uids: readonly number[],
  weights: readonly number[],
  format: WeightsFormat,
): U16Weights {
  checkUidsAndWeights(uids, weights);
  if (format === 'u16') {
    weights.forEach(checkU16Weight);
    return { uids: [...uids], weights: [...weights] };
  }

  let converted: U16Weights;
  try {
    converted = convertWeightsAndUids(uids, weights);
  } catch (error) {
    if (error instanceof InvalidWeightsError) {
      throw new InvalidRequestError(`invalid float weights: ${error.message}`);
    }
    throw error;
  }
  if (converted.uids.length === 0) {
    throw new InvalidRequestError(
      'every float weight is 0 or rounds to 0 against the largest one; send at least one positive weight',
    );
  }
  return converted;
}

function checkU16Weight(weight: number, index: number): void {
  if (!Number.isInteger(weight) || weight < 0 || weight > U16_MAX) {
    throw new InvalidRequestError(
      `weight ${weight} at index ${index} is not a u16; send integers from 0 to ${U16_MAX} or set weights_format to float`,
    );
  }
}

/** Parses `version_key`; when absent, the Python SDK 10.2.0 default (10002000) applies. */
export function parseVersionKey(value: number | string | undefined): bigint {
  return value === undefined ? BigInt(PYTHON_SDK_VERSION_KEY) : parseU64(value, 'version_key');
}

/**
 * Checks that netuid and mechid give a u16 storage index (`mechid * 4096 +
 * netuid`) and returns that index.
 */
export function checkStorageIndex(netuid: number, mechid: number | undefined): number {
  try {
    return storageIndex(netuid, mechid ?? 0);
  } catch (error) {
    if (error instanceof CommitHashInputError) {
      throw new InvalidRequestError(error.message);
    }
    throw error;
  }
}
