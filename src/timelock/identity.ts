import { bls12_381 } from '@noble/curves/bls12-381.js';
import { sha256 } from '@noble/hashes/sha2.js';

import { toRound } from './drand.js';
import { decodeG1, quicknetPublicKey, type G1Point, type G2Point } from './points.js';

/** RFC 9380 domain separation tag of drand quicknet signatures. */
export const QUICKNET_DST = 'BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_';

/** Returns the message quicknet signs for a round: sha256 of the round as a big-endian u64. */
export function roundMessage(round: bigint | number): Uint8Array {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setBigUint64(0, toRound(round), false);
  return sha256(bytes);
}

/**
 * Returns the IBE identity of a round: its message hashed to G1. The beacon
 * signature of the round is this point times the beacon's secret key, which
 * makes the signature the IBE decryption key for the identity.
 */
export function identityPoint(round: bigint | number): G1Point {
  return bls12_381.G1.hashToCurve(roundMessage(round), { DST: QUICKNET_DST });
}

/**
 * Checks a beacon signature (compressed G1) for a round:
 * e(signature, G2 generator) == e(identity, public key). Returns false for a
 * valid point that does not verify, and throws TimelockError for bytes that
 * are not a G1 point.
 */
export function verifyBeaconSignature(
  round: bigint | number,
  signature: Uint8Array,
  publicKey: G2Point = quicknetPublicKey(),
): boolean {
  const signaturePoint = decodeG1(signature, 'beacon signature');
  const { Fp12 } = bls12_381.fields;
  const left = bls12_381.pairing(signaturePoint, bls12_381.G2.Point.BASE);
  const right = bls12_381.pairing(identityPoint(round), publicKey);
  return Fp12.eql(left, right);
}
