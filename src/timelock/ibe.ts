import { bls12_381 } from '@noble/curves/bls12-381.js';
import { bytesToNumberBE, numberToBytesLE } from '@noble/curves/utils.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes } from '@noble/hashes/utils.js';

import { TimelockError } from './errors.js';
import { gtToArkworksBytes } from './gt.js';
import type { G1Point, G2Point } from './points.js';

// Boneh-Franklin FullIdent over BLS12-381 as the tle crate of
// ideal-lab5/timelock builds it at revision 5416406: identities and beacon
// signatures in G1, the beacon public key and U in G2, 32-byte messages.

/** Size of the IBE message (the AES key) and of sigma, in bytes. */
export const IBE_MESSAGE_BYTES = 32;

/** Order of the BLS12-381 scalar field, the range of t and r. */
export const SCALAR_ORDER = bls12_381.fields.Fr.ORDER;

/** The IBE part of a timelock ciphertext: U = r·G2, V masks sigma, W masks the message. */
export interface IbeCiphertext {
  u: G2Point;
  v: Uint8Array;
  w: Uint8Array;
}

/** Returns sigma = sha256(t), with t serialized as the crate does: 32 little-endian bytes. */
export function sigmaFromScalar(t: bigint): Uint8Array {
  if (t < 0n || t >= SCALAR_ORDER) {
    throw new TimelockError(
      'TIMELOCK_INVALID_INPUT',
      'Invalid IBE scalar t: it must be in the range [0, r) of the BLS12-381 scalar field.',
    );
  }
  return sha256(numberToBytesLE(t, 32));
}

/** H3: returns r = sha256(sigma ‖ message), read big-endian and reduced mod the group order. */
export function deriveR(sigma: Uint8Array, message: Uint8Array): bigint {
  return bytesToNumberBE(sha256(concatBytes(sigma, message))) % SCALAR_ORDER;
}

/**
 * H2: returns sha256 of the arkworks bytes of e(g1, g2). The crate calls its
 * engine's pairing(r·Ppub, Q_id), which hands the arkworks pairing G1 first:
 * e(Q_id, r·Ppub). noble's `pairing(P, Q)` takes the same order.
 */
export function pairingMask(g1: G1Point, g2: G2Point): Uint8Array {
  return sha256(gtToArkworksBytes(bls12_381.pairing(g1, g2)));
}

/** Encrypts a 32-byte message to an identity under a beacon public key, with randomness t. */
export function ibeEncrypt(
  message: Uint8Array,
  identity: G1Point,
  publicKey: G2Point,
  t: bigint,
): IbeCiphertext {
  requireLength(message, 'IBE message');
  const sigma = sigmaFromScalar(t);
  const r = deriveR(sigma, message);
  if (r === 0n) {
    // This happens with probability about 2^-255. The crate would emit U at infinity.
    throw new TimelockError(
      'TIMELOCK_INVALID_INPUT',
      'The derived IBE scalar r is zero: encrypt again with a fresh t.',
    );
  }

  const u = bls12_381.G2.Point.BASE.multiply(r);
  const v = xor(sigma, pairingMask(identity, publicKey.multiply(r)));
  const w = xor(message, sha256(sigma));
  return { u, v, w };
}

/**
 * Decrypts with the identity's key (the beacon signature of the round).
 * Recovers sigma and the message, then performs the Fujisaki-Okamoto check
 * r·G2 == U, which a wrong key or an altered ciphertext fails.
 */
export function ibeDecrypt(ciphertext: IbeCiphertext, signature: G1Point): Uint8Array {
  requireLength(ciphertext.v, 'IBE ciphertext V');
  requireLength(ciphertext.w, 'IBE ciphertext W');

  const sigma = xor(ciphertext.v, pairingMask(signature, ciphertext.u));
  const message = xor(ciphertext.w, sha256(sigma));

  const r = deriveR(sigma, message);
  const expectedU = r === 0n ? bls12_381.G2.Point.ZERO : bls12_381.G2.Point.BASE.multiply(r);
  if (!expectedU.equals(ciphertext.u)) {
    throw new TimelockError(
      'TIMELOCK_DECRYPTION_FAILED',
      'Timelock decryption failed: the signature is not the beacon signature of the round ' +
        'this ciphertext was encrypted to, or the ciphertext was altered.',
    );
  }
  return message;
}

function requireLength(bytes: Uint8Array, role: string): void {
  if (bytes.length !== IBE_MESSAGE_BYTES) {
    throw new TimelockError(
      'TIMELOCK_INVALID_INPUT',
      `Invalid ${role}: expected ${IBE_MESSAGE_BYTES} bytes, got ${bytes.length}.`,
    );
  }
}

function xor(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length);
  for (let i = 0; i < a.length; i++) {
    out[i] = (a[i] ?? 0) ^ (b[i] ?? 0);
  }
  return out;
}
