import { createHash } from 'node:crypto';

import { bls12_381 } from '@noble/curves/bls12-381.js';
import { bytesToHex, concatBytes, hexToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';

import {
  deriveR,
  ibeDecrypt,
  ibeEncrypt,
  pairingMask,
  SCALAR_ORDER,
  sigmaFromScalar,
} from '../../src/timelock/ibe.js';
import { identityPoint } from '../../src/timelock/identity.js';
import { decodeG1, quicknetPublicKey } from '../../src/timelock/points.js';
import { catchTimelockError } from './catch-error.js';
import { pulseSignature } from './fixtures.js';

// Order r of the BLS12-381 scalar field, as published in the curve's specification.
const ORDER_R = 0x73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001n;

function nodeSha256(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha256').update(bytes).digest());
}

function xor(a: Uint8Array, b: Uint8Array): Uint8Array {
  return a.map((byte, index) => byte ^ (b[index] ?? 0));
}

const round = 1000;
const signature = decodeG1(hexToBytes(pulseSignature(round)), 'test signature');
const esk = hexToBytes('a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf');
const t = 0xfedcba9876543210n;

describe('sigmaFromScalar', () => {
  it('hashes t as 32 little-endian bytes', () => {
    // t = 0x0102 is the bytes 02 01 00 ... 00 in little-endian order.
    const littleEndian = new Uint8Array(32);
    littleEndian[0] = 0x02;
    littleEndian[1] = 0x01;

    expect(bytesToHex(sigmaFromScalar(0x0102n))).toBe(bytesToHex(nodeSha256(littleEndian)));
  });
});

describe('deriveR', () => {
  // sha256(0x11 * 32 ‖ 0x03 * 32) is c49519ce...2e9a88, above r, so the
  // result shows the big-endian reading and the reduction mod r. Values from
  // Node's crypto module and BigInt arithmetic.
  const sigma = new Uint8Array(32).fill(0x11);
  const message = new Uint8Array(32).fill(0x03);
  const digest = 'c49519ce1f4a747682550b225b780568ed5c30ce6a9702d52076e5c42e2e9a88';

  it('uses a digest above the group order', () => {
    expect(bytesToHex(nodeSha256(concatBytes(sigma, message)))).toBe(digest);
    expect(BigInt(`0x${digest}`) >= ORDER_R).toBe(true);
  });

  it('reduces the big-endian digest mod r', () => {
    expect(deriveR(sigma, message)).toBe(
      0x50a7727af5acf72e4f1b331a51d62d63999e8ccb6a98a6d62076e5c52e2e9a87n,
    );
  });

  it('uses the published group order', () => {
    expect(SCALAR_ORDER).toBe(ORDER_R);
  });
});

describe('ibeEncrypt', () => {
  const ciphertext = ibeEncrypt(esk, identityPoint(round), quicknetPublicKey(), t);
  const expectedSigma = sigmaFromScalar(t);

  it('sets U to H3(sigma, esk) times G2', () => {
    const r = BigInt(`0x${bytesToHex(nodeSha256(concatBytes(expectedSigma, esk)))}`) % ORDER_R;

    expect(ciphertext.u.equals(bls12_381.G2.Point.BASE.multiply(r))).toBe(true);
  });

  it('hides sigma under e(signature, U)', () => {
    const sigma = xor(ciphertext.v, pairingMask(signature, ciphertext.u));

    expect(bytesToHex(sigma)).toBe(bytesToHex(expectedSigma));
  });

  it('hides the key under sha256(sigma)', () => {
    const key = xor(ciphertext.w, nodeSha256(expectedSigma));

    expect(bytesToHex(key)).toBe(bytesToHex(esk));
  });

  it('decrypts with the round signature', () => {
    expect(bytesToHex(ibeDecrypt(ciphertext, signature))).toBe(bytesToHex(esk));
  });
});

describe('ibeDecrypt Fujisaki-Okamoto check', () => {
  // Builds a header exactly like ibeEncrypt except for how r is derived, so
  // sigma and the key still unmask correctly and only the U check can fail.
  function headerWithR(r: bigint) {
    const sigma = sigmaFromScalar(t);
    const maskedByPairing = pairingMask(identityPoint(round), quicknetPublicKey().multiply(r));
    return {
      sigma,
      header: {
        u: bls12_381.G2.Point.BASE.multiply(r),
        v: xor(sigma, maskedByPairing),
        w: xor(esk, nodeSha256(sigma)),
      },
    };
  }

  const littleEndianR = (() => {
    const digest = nodeSha256(concatBytes(sigmaFromScalar(t), esk));
    return BigInt(`0x${bytesToHex(digest.slice().reverse())}`) % ORDER_R;
  })();
  const swappedInputR = deriveR(esk, sigmaFromScalar(t));

  it.each([
    ['a little-endian digest', littleEndianR],
    ['swapped hash inputs', swappedInputR],
  ])('rejects r from %s', (_label, r) => {
    const { header } = headerWithR(r);

    const error = catchTimelockError(() => ibeDecrypt(header, signature));

    expect(error.code).toBe('TIMELOCK_DECRYPTION_FAILED');
  });

  it('still unmasks sigma and key', () => {
    const { header, sigma } = headerWithR(littleEndianR);
    const recoveredSigma = xor(header.v, pairingMask(signature, header.u));

    expect(bytesToHex(recoveredSigma)).toBe(bytesToHex(sigma));
    expect(bytesToHex(xor(header.w, nodeSha256(recoveredSigma)))).toBe(bytesToHex(esk));
  });

  it('accepts the correct r', () => {
    const { header } = headerWithR(deriveR(sigmaFromScalar(t), esk));

    expect(bytesToHex(ibeDecrypt(header, signature))).toBe(bytesToHex(esk));
  });
});
