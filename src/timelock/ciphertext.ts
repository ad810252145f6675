import { concatBytes, equalBytes } from '@noble/curves/utils.js';

import { TimelockError } from './errors.js';
import { IBE_MESSAGE_BYTES } from './ibe.js';
import { ArkReader, encodeVec } from './length-prefixed.js';
import { decodeG2 } from './points.js';

/** Cipher suite tag the crate writes for AES-256-GCM bodies. */
export const AES_GCM_SUITE = new TextEncoder().encode('AES_GCM_');
export const AES_GCM_NONCE_BYTES = 12;
export const AES_GCM_TAG_BYTES = 16;
const G2_COMPRESSED_BYTES = 96;

/**
 * The fields of a tle ciphertext, in wire order. On the wire (arkworks
 * compressed serialization of the crate's TLECiphertext) they read:
 * U ‖ Vec(V) ‖ Vec(W) ‖ Vec(Vec(aesCiphertext) ‖ Vec(nonce)) ‖ Vec(cipherSuite),
 * where Vec(x) is x prefixed by its length as a u64 little-endian.
 */
export interface TleCiphertextFields {
  /** U = r·G2, compressed (96 bytes). */
  u: Uint8Array;
  /** sigma masked with the pairing hash (32 bytes). */
  v: Uint8Array;
  /** The AES key masked with sha256(sigma) (32 bytes). */
  w: Uint8Array;
  /** AES-256-GCM output: ciphertext followed by the 16-byte tag. */
  aesCiphertext: Uint8Array;
  /** AES-GCM nonce (12 bytes). */
  nonce: Uint8Array;
  /** `AES_GCM_` in ASCII. */
  cipherSuite: Uint8Array;
}

/** Serializes ciphertext fields in the crate's byte layout. */
export function serializeCiphertext(fields: TleCiphertextFields): Uint8Array {
  const body = concatBytes(encodeVec(fields.aesCiphertext), encodeVec(fields.nonce));
  return concatBytes(
    fields.u,
    encodeVec(fields.v),
    encodeVec(fields.w),
    encodeVec(body),
    encodeVec(fields.cipherSuite),
  );
}

/**
 * Parses a tle ciphertext and checks every field: U must be a G2 point of
 * the prime-order subgroup, V and W 32 bytes, the nonce 12 bytes, the cipher
 * suite `AES_GCM_`, and no bytes may follow. The crate itself ignores
 * trailing bytes and the suite tag; this parser rejects them because the
 * crate never writes them.
 */
export function parseCiphertext(bytes: Uint8Array): TleCiphertextFields {
  const reader = new ArkReader(bytes, 'timelock ciphertext');
  const u = reader.take(G2_COMPRESSED_BYTES, 'U');
  const v = reader.vec('V');
  const w = reader.vec('W');
  const body = reader.vec('body');
  const cipherSuite = reader.vec('cipher suite');
  reader.finish();

  const bodyReader = new ArkReader(body, 'timelock ciphertext body');
  const aesCiphertext = bodyReader.vec('AES-GCM ciphertext');
  const nonce = bodyReader.vec('AES-GCM nonce');
  bodyReader.finish();

  decodeG2(u, 'timelock ciphertext U');
  requireLength(v, IBE_MESSAGE_BYTES, 'V');
  requireLength(w, IBE_MESSAGE_BYTES, 'W');
  requireLength(nonce, AES_GCM_NONCE_BYTES, 'AES-GCM nonce');
  if (aesCiphertext.length < AES_GCM_TAG_BYTES) {
    throw invalid(
      `the AES-GCM ciphertext has ${aesCiphertext.length} bytes, fewer than its ${AES_GCM_TAG_BYTES}-byte tag`,
    );
  }
  if (!equalBytes(cipherSuite, AES_GCM_SUITE)) {
    throw invalid('the cipher suite is not AES_GCM_, the only suite supported');
  }
  return { u, v, w, aesCiphertext, nonce, cipherSuite };
}

function requireLength(bytes: Uint8Array, length: number, field: string): void {
  if (bytes.length !== length) {
    throw invalid(`${field} has ${bytes.length} bytes, expected ${length}`);
  }
}

function invalid(detail: string): TimelockError {
  return new TimelockError(
    'TIMELOCK_INVALID_CIPHERTEXT',
    `Invalid timelock ciphertext: ${detail}.`,
  );
}
