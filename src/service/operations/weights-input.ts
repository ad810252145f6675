import { InvalidRequestError } from './invalid-request.js';

/**
 * Checks the rules on a uid/weight pair of lists that JSON Schema cannot
 * express: equal lengths and no repeated uid.
 */
export function checkUidsAndWeights(uids: readonly number[], weights: readonly number[]): void {
  if (uids.length !== weights.length) {
    throw new InvalidRequestError(
      `uids has ${uids.length} entries but weights has ${weights.length}; send one weight per uid`,
    );
  }
  const seen = new Set<number>();
  for (const [index, uid] of uids.entries()) {
    if (seen.has(uid)) {
      throw new InvalidRequestError(
        `uid ${uid} appears more than once (again at index ${index}); send each uid once`,
      );
    }
    seen.add(uid);
  }
}

/** Parses a u64 given as a JSON integer or a decimal string. */
export function parseU64(value: number | string, field: string): bigint {
  const parsed = BigInt(value);
  if (parsed < 0n || parsed > 0xffff_ffff_ffff_ffffn) {
    throw new InvalidRequestError(
      `${field} ${value} is out of the u64 range; use 0 to 18446744073709551615`,
    );
  }
  return parsed;
}
