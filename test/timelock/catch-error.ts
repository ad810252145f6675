import { TimelockError } from '../../src/timelock/errors.js';

/** Runs `action` and returns the TimelockError it throws. Fails on any other outcome. */
export function catchTimelockError(action: () => unknown): TimelockError {
  try {
    action();
  } catch (error) {
    if (error instanceof TimelockError) {
      return error;
    }
    throw error;
  }
  throw new Error('Expected a TimelockError, but nothing was thrown.');
}
