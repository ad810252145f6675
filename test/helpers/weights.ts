import { expect } from 'vitest';
import type { StoredWeight } from '../../src/chain/weights-storage.js';

/**
 * Checks weights read from chain against the ones sent. The spec 103 runtime
 * rescales a weight vector to sum to 65535 before storing it (floor
 * division), so each stored share must match the sent share within 2/65535.
 */
export function expectStoredShares(
  stored: StoredWeight[],
  uids: number[],
  weights: number[],
): void {
  expect(stored.map((item) => item.uid)).toEqual(uids);
  const sentTotal = weights.reduce((sum, value) => sum + value, 0);
  const storedTotal = stored.reduce((sum, item) => sum + item.weight, 0);
  expect(storedTotal).toBeLessThanOrEqual(65535);
  expect(storedTotal).toBeGreaterThan(65535 - stored.length);
  for (const [index, item] of stored.entries()) {
    expect(Math.abs(item.weight / 65535 - weights[index]! / sentTotal)).toBeLessThan(2 / 65535);
  }
}
