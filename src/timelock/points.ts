import { bls12_381 } from '@noble/curves/bls12-381.js';
import type { Fp2 } from '@noble/curves/abstract/tower.js';
import type { WeierstrassPoint } from '@noble/curves/abstract/weierstrass.js';
import { hexToBytes } from '@noble/hashes/utils.js';

import { QUICKNET } from './drand.js';
import { TimelockError } from './errors.js';

export type G1Point = WeierstrassPoint<bigint>;
export type G2Point = WeierstrassPoint<Fp2>;

const G1_COMPRESSED_BYTES = 48;
const G2_COMPRESSED_BYTES = 96;

// ark-bls12-381 0.4 (the version the tle crate builds on) serializes
// compressed points in the ZCash format: big-endian coordinates with the
// compression, infinity and sign flags in the top bits of the first byte.
// That is the format of noble's `toBytes(true)` and `fromBytes`, so no byte
// reordering is needed here, unlike for field elements of GT.

/** Decodes a compressed G1 point. Rejects off-curve, non-subgroup and infinity points. */
export function decodeG1(bytes: Uint8Array, role: string): G1Point {
  return decodePoint(bytes, role, G1_COMPRESSED_BYTES, 'G1', (input) =>
    bls12_381.G1.Point.fromBytes(input),
  );
}

/** Decodes a compressed G2 point. Rejects off-curve, non-subgroup and infinity points. */
export function decodeG2(bytes: Uint8Array, role: string): G2Point {
  return decodePoint(bytes, role, G2_COMPRESSED_BYTES, 'G2', (input) =>
    bls12_381.G2.Point.fromBytes(input),
  );
}

/** Encodes a G2 point as 96 compressed bytes, as arkworks does for BLS12-381. */
export function encodeG2(point: G2Point): Uint8Array {
  return point.toBytes(true);
}

let quicknetKey: G2Point | undefined;

/** Returns the drand quicknet public key as a G2 point, decoded once. */
export function quicknetPublicKey(): G2Point {
  quicknetKey ??= decodeG2(hexToBytes(QUICKNET.publicKey), 'drand quicknet public key');
  return quicknetKey;
}

function decodePoint<P extends { is0(): boolean }>(
  bytes: Uint8Array,
  role: string,
  length: number,
  group: string,
  decode: (input: Uint8Array) => P,
): P {
  if (bytes.length !== length) {
    throw new TimelockError(
      'TIMELOCK_INVALID_POINT',
      `Invalid ${role}: expected ${length} bytes of a compressed ${group} point, got ${bytes.length}.`,
    );
  }
  let point: P;
  try {
    point = decode(bytes);
  } catch (cause) {
    throw new TimelockError(
      'TIMELOCK_INVALID_POINT',
      `Invalid ${role}: the bytes are not a compressed ${group} point of BLS12-381.`,
      { cause },
    );
  }
  if (point.is0()) {
    throw new TimelockError(
      'TIMELOCK_INVALID_POINT',
      `Invalid ${role}: the point at infinity is not accepted.`,
    );
  }
  return point;
}
