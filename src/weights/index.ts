export {
  storageIndex,
  weightCommitHash,
  weightCommitHashHex,
  weightCommitPreimage,
} from './commit-hash.js';
export type { WeightCommit } from './commit-hash.js';
export { CommitHashInputError, InvalidVersionError, InvalidWeightsError } from './errors.js';
export type { CommitHashInputCode, InvalidWeightsCode } from './errors.js';
export { convertWeightsAndUids, roundHalfEven, U16_MAX } from './float-to-u16.js';
export type { EmitWeights } from './float-to-u16.js';
export { normalizeMaxWeight } from './normalize.js';
export { processWeightsForNetuid } from './process-weights.js';
export type { ProcessedWeights, SubnetWeightLimits } from './process-weights.js';
export { quantile } from './quantile.js';
export { PYTHON_SDK_VERSION, PYTHON_SDK_VERSION_KEY, versionKeyFromSemver } from './version-key.js';
