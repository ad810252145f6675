export type InvalidWeightsCode =
  | 'WEIGHTS_EMPTY'
  | 'WEIGHTS_LENGTH_MISMATCH'
  | 'WEIGHT_NEGATIVE'
  | 'WEIGHT_NOT_FINITE'
  | 'UID_INVALID'
  | 'WEIGHTS_PARAMETER_INVALID';

/** Input that the Python SDK would reject, or that cannot be put on chain as u16 weights. */
export class InvalidWeightsError extends Error {
  override readonly name = 'InvalidWeightsError';

  constructor(
    readonly code: InvalidWeightsCode,
    message: string,
    /** Position of the offending entry, when one entry is at fault. */
    readonly index?: number,
  ) {
    super(message);
  }
}

export type CommitHashInputCode = 'HOTKEY_INVALID' | 'U16_OUT_OF_RANGE' | 'VERSION_KEY_INVALID';

/** Input that cannot be SCALE-encoded into a commit-reveal (hash version) preimage. */
export class CommitHashInputError extends Error {
  override readonly name = 'CommitHashInputError';

  constructor(
    readonly code: CommitHashInputCode,
    message: string,
  ) {
    super(message);
  }
}

/** A version string that does not start with `major.minor.patch`, or a part of 1000 or more. */
export class InvalidVersionError extends Error {
  override readonly name = 'InvalidVersionError';
  readonly code = 'VERSION_INVALID';
}
