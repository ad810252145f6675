import { bls12_381 } from '@noble/curves/bls12-381.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';

import {
  parseCiphertext,
  serializeCiphertext,
  type TleCiphertextFields,
} from '../../src/timelock/ciphertext.js';
import { encrypt } from '../../src/timelock/tle.js';
import { BITTENSOR_DRAND_CIPHERTEXT, FINNEY_COMMIT_CIPHERTEXT } from './fixtures.js';

const rust = hexToBytes(BITTENSOR_DRAND_CIPHERTEXT.hex);

function u64At(bytes: Uint8Array, offset: number): bigint {
  return new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(offset, true);
}

function fieldLengths(fields: TleCiphertextFields): number[] {
  return [
    fields.u.length,
    fields.v.length,
    fields.w.length,
    fields.aesCiphertext.length,
    fields.nonce.length,
    fields.cipherSuite.length,
  ];
}

// Offsets in a ciphertext of an 18-byte plaintext: U 0-95, len(V) 96, V 104,
// len(W) 136, W 144, len(body) 176, len(aes) 184, aes 192-225, len(nonce)
// 226, nonce 234-245, len(suite) 246, suite 254-261.
const FIXED_RANGES: readonly [number, number][] = [
  [96, 104],
  [136, 144],
  [176, 192],
  [226, 234],
  [246, 262],
];

describe('parseCiphertext on the Rust ciphertext', () => {
  const fields = parseCiphertext(rust);

  it('is 262 bytes long', () => {
    expect(rust.length).toBe(262);
  });

  it('has V and W of 32 bytes', () => {
    expect(u64At(rust, 96)).toBe(32n);
    expect(u64At(rust, 136)).toBe(32n);
    expect(fields.v.length).toBe(32);
    expect(fields.w.length).toBe(32);
  });

  it('has a 62-byte body', () => {
    expect(u64At(rust, 176)).toBe(62n);
  });

  it('has 34 bytes of AES output', () => {
    expect(u64At(rust, 184)).toBe(34n);
    expect(fields.aesCiphertext.length).toBe(34);
  });

  it('holds an 18-byte plaintext', () => {
    expect(fields.aesCiphertext.length - 16).toBe(18);
  });

  it('has a 12-byte nonce', () => {
    expect(u64At(rust, 226)).toBe(12n);
    expect(fields.nonce.length).toBe(12);
  });

  it('ends with the AES_GCM_ suite', () => {
    expect(u64At(rust, 246)).toBe(8n);
    expect(new TextDecoder().decode(fields.cipherSuite)).toBe('AES_GCM_');
  });

  it('has U on G2', () => {
    const u = bls12_381.G2.Point.fromBytes(fields.u);

    expect(() => u.assertValidity()).not.toThrow();
    expect(u.is0()).toBe(false);
  });

  it('serializes back to the same bytes', () => {
    expect(bytesToHex(serializeCiphertext(fields))).toBe(BITTENSOR_DRAND_CIPHERTEXT.hex);
  });
});

describe('encrypt layout', () => {
  // Size for n plaintext bytes: U 96, Vec(V) 40, Vec(W) 40, Vec(body)
  // 8 + (8 + n + 16) + (8 + 12), Vec(suite) 16, so 244 + n; 262 means n = 18.
  const plaintext = new Uint8Array(18).fill(0x5a);
  const ours = encrypt(plaintext, BITTENSOR_DRAND_CIPHERTEXT.round);

  it('gives 262 bytes for 18 plaintext bytes', () => {
    expect(ours.length).toBe(262);
  });

  it.each([0, 1, 59, 1000])('gives 244 + %i bytes', (length) => {
    expect(encrypt(new Uint8Array(length), 1).length).toBe(244 + length);
  });

  it('matches the Rust field lengths', () => {
    expect(fieldLengths(parseCiphertext(ours))).toEqual(fieldLengths(parseCiphertext(rust)));
  });

  it.each(FIXED_RANGES)('matches Rust bytes %i to %i', (start, end) => {
    expect(bytesToHex(ours.slice(start, end))).toBe(bytesToHex(rust.slice(start, end)));
  });
});

describe('parseCiphertext on a finney commit', () => {
  const finney = hexToBytes(FINNEY_COMMIT_CIPHERTEXT);

  it('parses the 303-byte commit', () => {
    expect(finney.length).toBe(303);
    expect(fieldLengths(parseCiphertext(finney))).toEqual([96, 32, 32, 75, 12, 8]);
  });

  it('serializes back to the same bytes', () => {
    expect(bytesToHex(serializeCiphertext(parseCiphertext(finney)))).toBe(FINNEY_COMMIT_CIPHERTEXT);
  });
});

describe('parseCiphertext rejects', () => {
  const fields = parseCiphertext(rust);

  it('a trailing byte', () => {
    const longer = new Uint8Array([...rust, 0]);

    expect(() => parseCiphertext(longer)).toThrow(/1 unexpected bytes/);
  });

  it('a truncated ciphertext', () => {
    expect(() => parseCiphertext(rust.slice(0, 261))).toThrow(/Invalid timelock ciphertext/);
  });

  it('a length beyond the input', () => {
    const altered = rust.slice();
    altered[96] = 0xff;

    expect(() => parseCiphertext(altered)).toThrow(/V declares 255 bytes/);
  });

  it('a V of 31 bytes', () => {
    const bytes = serializeCiphertext({ ...fields, v: fields.v.slice(0, 31) });

    expect(() => parseCiphertext(bytes)).toThrow(/V has 31 bytes, expected 32/);
  });

  it('a nonce of 11 bytes', () => {
    const bytes = serializeCiphertext({ ...fields, nonce: fields.nonce.slice(0, 11) });

    expect(() => parseCiphertext(bytes)).toThrow(/nonce has 11 bytes, expected 12/);
  });

  it('another cipher suite', () => {
    const suite = new TextEncoder().encode('AGE_____');
    const bytes = serializeCiphertext({ ...fields, cipherSuite: suite });

    expect(() => parseCiphertext(bytes)).toThrow(/cipher suite is not AES_GCM_/);
  });

  it('a U off the curve', () => {
    const u = fields.u.slice();
    u[95] = (u[95] ?? 0) ^ 1;
    const bytes = serializeCiphertext({ ...fields, u });

    expect(() => parseCiphertext(bytes)).toThrow(/not a compressed G2 point/);
  });

  it('a U at infinity', () => {
    const u = new Uint8Array(96);
    u[0] = 0xc0;
    const bytes = serializeCiphertext({ ...fields, u });

    expect(() => parseCiphertext(bytes)).toThrow(/point at infinity/);
  });
});
