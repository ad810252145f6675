import { bls12_381 } from '@noble/curves/bls12-381.js';
import type { Fp12 } from '@noble/curves/abstract/tower.js';

const FP_BYTES = 48;

/**
 * Serializes a GT element (an Fq12 value) as arkworks 0.4 does: the twelve
 * Fq coefficients in the order c0.c0.c0, c0.c0.c1, c0.c1.c0, ... c1.c2.c1,
 * each as 48 little-endian bytes, 576 bytes in all. noble's `Fp12.toBytes`
 * writes the same order with big-endian coefficients, so each 48-byte chunk
 * is reversed.
 */
export function gtToArkworksBytes(value: Fp12): Uint8Array {
  const bigEndian = bls12_381.fields.Fp12.toBytes(value);
  const out = new Uint8Array(bigEndian.length);
  for (let offset = 0; offset < bigEndian.length; offset += FP_BYTES) {
    const coefficient = bigEndian.slice(offset, offset + FP_BYTES);
    out.set(coefficient.reverse(), offset);
  }
  return out;
}
