import { gcm } from '@noble/ciphers/aes.js';

import { TimelockError } from './errors.js';

/** Encrypts with AES-256-GCM and empty associated data. The 16-byte tag follows the ciphertext. */
export function sealAesGcm(plaintext: Uint8Array, key: Uint8Array, nonce: Uint8Array): Uint8Array {
  return gcm(key, nonce).encrypt(plaintext);
}

/**
 * Decrypts AES-256-GCM output (tag last) with empty associated data, and
 * throws when the tag does not match.
 */
export function openAesGcm(ciphertext: Uint8Array, key: Uint8Array, nonce: Uint8Array): Uint8Array {
  try {
    return gcm(key, nonce).decrypt(ciphertext);
  } catch (cause) {
    throw new TimelockError(
      'TIMELOCK_DECRYPTION_FAILED',
      'Timelock decryption failed: the AES-GCM tag of the body does not match.',
      { cause },
    );
  }
}
