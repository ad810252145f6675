/** Stable codes of the timelock errors, one per kind of failure. */
export type TimelockErrorCode =
  | 'TIMELOCK_INVALID_ROUND'
  | 'TIMELOCK_INVALID_INPUT'
  | 'TIMELOCK_INVALID_POINT'
  | 'TIMELOCK_INVALID_CIPHERTEXT'
  | 'TIMELOCK_DECRYPTION_FAILED';

/**
 * Error of the timelock encryption code. Messages name a bad input by its role
 * and length and never print its bytes, because inputs may hold key material.
 */
export class TimelockError extends Error {
  readonly code: TimelockErrorCode;

  constructor(code: TimelockErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'TimelockError';
    this.code = code;
  }
}
