import { randomFillSync } from 'node:crypto';

/** Salt length of the Python SDK's `commit_weights` (8 values). */
export const SALT_LENGTH = 8;

/**
 * Draws a commit salt from the system CSPRNG. Each value covers the whole u16
 * range, so 8 values carry 128 bits; the SDK's salt carries 64 (one byte per value).
 */
export function generateSalt(length = SALT_LENGTH): number[] {
  const values = new Uint16Array(length);
  randomFillSync(values);
  return Array.from(values);
}
