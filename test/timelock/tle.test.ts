import { bls12_381 } from '@noble/curves/bls12-381.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';

import { parseCiphertext, serializeCiphertext } from '../../src/timelock/ciphertext.js';
import { identityPoint } from '../../src/timelock/identity.js';
import { decrypt, encrypt } from '../../src/timelock/tle.js';
import { catchTimelockError } from './catch-error.js';
import { pulseSignature } from './fixtures.js';

const plaintext = new TextEncoder().encode('weights for the reveal epoch');

const fixedRandomness = {
  t: 0x1234567890abcdefn,
  esk: new Uint8Array(32).fill(0x42),
  nonce: new Uint8Array(12).fill(0x24),
};

describe('encrypt and decrypt', () => {
  it.each([1, 1000, 30662982])('round-trips to round %i', (round) => {
    const ciphertext = encrypt(plaintext, round);

    const opened = decrypt(ciphertext, hexToBytes(pulseSignature(round)));

    expect(bytesToHex(opened)).toBe(bytesToHex(plaintext));
  });

  it.each([
    [1, 2],
    [1000, 1001],
    [30662982, 2000],
  ])('rejects round %i with the signature of %i', (round, otherRound) => {
    const ciphertext = encrypt(plaintext, round);

    const error = catchTimelockError(() =>
      decrypt(ciphertext, hexToBytes(pulseSignature(otherRound))),
    );

    expect(error.code).toBe('TIMELOCK_DECRYPTION_FAILED');
  });

  it('round-trips an empty plaintext', () => {
    const ciphertext = encrypt(new Uint8Array(0), 123);

    expect(decrypt(ciphertext, hexToBytes(pulseSignature(123))).length).toBe(0);
  });

  it('accepts a bigint round', () => {
    const ciphertext = encrypt(plaintext, 2000n);

    expect(bytesToHex(decrypt(ciphertext, hexToBytes(pulseSignature(2000))))).toBe(
      bytesToHex(plaintext),
    );
  });
});

describe('encrypt randomness', () => {
  it('is deterministic when injected', () => {
    const first = encrypt(plaintext, 1000, { randomness: fixedRandomness });
    const second = encrypt(plaintext, 1000, { randomness: fixedRandomness });

    expect(bytesToHex(first)).toBe(bytesToHex(second));
  });

  it('writes the injected nonce', () => {
    const fields = parseCiphertext(encrypt(plaintext, 1000, { randomness: fixedRandomness }));

    expect(bytesToHex(fields.nonce)).toBe(bytesToHex(fixedRandomness.nonce));
  });

  it('differs between calls by default', () => {
    expect(bytesToHex(encrypt(plaintext, 1000))).not.toBe(bytesToHex(encrypt(plaintext, 1000)));
  });

  it('rejects a 31-byte AES key', () => {
    const error = catchTimelockError(() =>
      encrypt(plaintext, 1000, { randomness: { esk: new Uint8Array(31) } }),
    );

    expect(error.code).toBe('TIMELOCK_INVALID_INPUT');
  });

  it('rejects a t outside the scalar field', () => {
    const error = catchTimelockError(() =>
      encrypt(plaintext, 1000, { randomness: { t: bls12_381.fields.Fr.ORDER } }),
    );

    expect(error.code).toBe('TIMELOCK_INVALID_INPUT');
  });

  it('rejects a negative round', () => {
    expect(catchTimelockError(() => encrypt(plaintext, -1)).code).toBe('TIMELOCK_INVALID_ROUND');
  });
});

describe('decrypt rejects', () => {
  const signature = hexToBytes(pulseSignature(1000));
  const fields = parseCiphertext(encrypt(plaintext, 1000, { randomness: fixedRandomness }));

  it('an altered AES body', () => {
    const aesCiphertext = fields.aesCiphertext.slice();
    aesCiphertext[0] = (aesCiphertext[0] ?? 0) ^ 1;
    const altered = serializeCiphertext({ ...fields, aesCiphertext });

    const error = catchTimelockError(() => decrypt(altered, signature));

    expect(error.message).toMatch(/AES-GCM tag/);
  });

  it('an altered W', () => {
    const w = fields.w.slice();
    w[31] = (w[31] ?? 0) ^ 1;
    const altered = serializeCiphertext({ ...fields, w });

    const error = catchTimelockError(() => decrypt(altered, signature));

    expect(error.message).toMatch(/not the beacon signature/);
  });

  it('signature bytes off the curve', () => {
    const error = catchTimelockError(() =>
      decrypt(serializeCiphertext(fields), new Uint8Array(48).fill(0xff)),
    );

    expect(error.code).toBe('TIMELOCK_INVALID_POINT');
  });
});

describe('encrypt with another beacon key', () => {
  // A local beacon: public key s·G2 and round signature s·Q_id.
  const secret = 0x5eed5eed5eed5eedn;
  const publicKey = bls12_381.G2.Point.BASE.multiply(secret).toBytes(true);
  const signature = identityPoint(7).multiply(secret).toBytes(true);

  it('round-trips with that key', () => {
    const ciphertext = encrypt(plaintext, 7, { publicKey });

    expect(bytesToHex(decrypt(ciphertext, signature))).toBe(bytesToHex(plaintext));
  });

  it('fails under the quicknet key', () => {
    const ciphertext = encrypt(plaintext, 7);

    expect(catchTimelockError(() => decrypt(ciphertext, signature)).code).toBe(
      'TIMELOCK_DECRYPTION_FAILED',
    );
  });
});
