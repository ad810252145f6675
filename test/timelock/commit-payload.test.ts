import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';

import { encodeCommitPayload } from '../../src/timelock/commit-payload.js';
import { catchTimelockError } from './catch-error.js';

const alice = hexToBytes('d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d');

describe('encodeCommitPayload', () => {
  it('matches hand-built SCALE bytes', () => {
    const expected = [
      '80', // compact length 32 of the hotkey Vec<u8>
      'd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d',
      '0c', // compact length 3 of uids
      '0000',
      '0100',
      '0500', // uids 0, 1, 5 as u16 LE
      '0c', // compact length 3 of values
      'ffff',
      '0080',
      '0100', // values 65535, 32768, 1
      '509e980000000000', // version key 10002000 = 0x989e50, u64 LE
    ].join('');

    const bytes = encodeCommitPayload({
      hotkey: alice,
      uids: [0, 1, 5],
      values: [65535, 32768, 1],
      versionKey: 10_002_000,
    });

    expect(bytesToHex(bytes)).toBe(expected);
  });

  it('encodes empty weights', () => {
    const bytes = encodeCommitPayload({ hotkey: alice, uids: [], values: [], versionKey: 0n });

    expect(bytesToHex(bytes)).toBe(`80${bytesToHex(alice)}0000${'00'.repeat(8)}`);
  });

  it('uses a two-byte compact length from 64 weights', () => {
    // Compact 64 is (64 << 2) | 0b01 = 0x0101 as u16 LE.
    const uids = Array.from({ length: 64 }, (_, index) => index);
    const bytes = encodeCommitPayload({ hotkey: alice, uids, values: uids, versionKey: 1 });

    expect(bytesToHex(bytes.slice(33, 35))).toBe('0101');
  });

  it('encodes the largest version key', () => {
    const bytes = encodeCommitPayload({
      hotkey: alice,
      uids: [],
      values: [],
      versionKey: 2n ** 64n - 1n,
    });

    expect(bytesToHex(bytes.slice(-8))).toBe('ff'.repeat(8));
  });

  it('rejects a 33-byte hotkey', () => {
    const error = catchTimelockError(() =>
      encodeCommitPayload({ hotkey: new Uint8Array(33), uids: [], values: [], versionKey: 1 }),
    );

    expect(error.message).toMatch(/hotkey of 33 bytes/);
  });

  it('rejects unequal lengths', () => {
    const error = catchTimelockError(() =>
      encodeCommitPayload({ hotkey: alice, uids: [1, 2], values: [1], versionKey: 1 }),
    );

    expect(error.message).toMatch(/2 uids but 1 values/);
  });

  it('rejects a value above u16', () => {
    const error = catchTimelockError(() =>
      encodeCommitPayload({ hotkey: alice, uids: [1], values: [65536], versionKey: 1 }),
    );

    expect(error.message).toMatch(/weight value 65536 at index 0/);
  });

  it('rejects a negative version key', () => {
    const error = catchTimelockError(() =>
      encodeCommitPayload({ hotkey: alice, uids: [], values: [], versionKey: -1n }),
    );

    expect(error.code).toBe('TIMELOCK_INVALID_INPUT');
  });
});
