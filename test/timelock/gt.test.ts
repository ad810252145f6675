import { bls12_381 } from '@noble/curves/bls12-381.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';

import { gtToArkworksBytes } from '../../src/timelock/gt.js';
import { GT_GENERATOR_PAIRING_ARKWORKS } from './fixtures.js';

describe('gtToArkworksBytes', () => {
  // Both pairings are bilinear, so agreeing on the generators means noble's
  // e(P, Q) equals the arkworks value for every P and Q.
  it('matches arkworks for the generators', () => {
    const gt = bls12_381.pairing(bls12_381.G1.Point.BASE, bls12_381.G2.Point.BASE);

    expect(bytesToHex(gtToArkworksBytes(gt))).toBe(GT_GENERATOR_PAIRING_ARKWORKS);
  });

  it('writes 576 bytes', () => {
    const gt = bls12_381.pairing(bls12_381.G1.Point.BASE, bls12_381.G2.Point.BASE);

    expect(gtToArkworksBytes(gt).length).toBe(576);
  });

  it('writes the identity as one then zeros', () => {
    const bytes = gtToArkworksBytes(bls12_381.fields.Fp12.ONE);
    const expected = new Uint8Array(576);
    expected[0] = 1;

    expect(bytesToHex(bytes)).toBe(bytesToHex(expected));
  });
});
