import { blake2b } from '@noble/hashes/blake2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { Keyring } from '@polkadot/keyring';
import { TypeRegistry } from '@polkadot/types';
import { u8aConcat } from '@polkadot/util';
import { describe, expect, it } from 'vitest';

import {
  storageIndex,
  weightCommitHash,
  weightCommitHashHex,
  weightCommitPreimage,
} from '../../src/weights/commit-hash.js';
import { catchError } from './catch-weights-error.js';

const registry = new TypeRegistry();
const alice = new Keyring({ type: 'sr25519', ss58Format: 42 }).addFromUri('//Alice');

/** Builds the preimage with @polkadot/types codecs, an encoder independent of the module. */
function polkadotPreimage(
  hotkey: string,
  index: number,
  uids: number[],
  values: number[],
  salt: number[],
  versionKey: bigint,
): Uint8Array {
  return u8aConcat(
    registry.createType('AccountId', hotkey).toU8a(),
    registry.createType('u16', index).toU8a(),
    registry.createType('Vec<u16>', uids).toU8a(),
    registry.createType('Vec<u16>', values).toU8a(),
    registry.createType('Vec<u16>', salt).toU8a(),
    registry.createType('u64', versionKey).toU8a(),
  );
}

describe('weightCommitPreimage', () => {
  it('matches the @polkadot/types encoding', () => {
    const commit = {
      hotkey: alice.address,
      netuid: 3,
      uids: [0, 1, 300],
      values: [65535, 1, 513],
      salt: [7, 8, 9, 10, 11, 12, 13, 14],
      versionKey: 10002000,
    };

    const expected = polkadotPreimage(
      alice.address,
      3,
      commit.uids,
      commit.values,
      commit.salt,
      10002000n,
    );

    expect(bytesToHex(weightCommitPreimage(commit))).toBe(bytesToHex(expected));
  });

  it('lays out the bytes as SCALE specifies', () => {
    // 32-byte AccountId, u16 LE index 0x0003, Vec<u16> = compact length (n << 2) then
    // u16 LE items, u64 LE version key: 10002000 = 0x989680 + 0x7d0 = 0x989e50.
    const preimage = weightCommitPreimage({
      hotkey: alice.publicKey,
      netuid: 3,
      uids: [1],
      values: [0x0203],
      salt: [],
      versionKey: 10002000,
    });

    const tail = bytesToHex(preimage.slice(32));
    expect(bytesToHex(preimage.slice(0, 32))).toBe(bytesToHex(alice.publicKey));
    expect(tail).toBe('0300' + '04' + '0100' + '04' + '0302' + '00' + '509e980000000000');
  });

  it('uses mecid * 4096 + netuid as the index', () => {
    // mecid 2, netuid 5 -> 2 * 4096 + 5 = 8197 = 0x2005 -> bytes 05 20.
    const preimage = weightCommitPreimage({
      hotkey: alice.address,
      netuid: 5,
      mecid: 2,
      uids: [],
      values: [],
      salt: [],
      versionKey: 0,
    });

    expect(bytesToHex(preimage.slice(32, 34))).toBe('0520');
  });
});

describe('weightCommitHash', () => {
  it('is blake2b-256 of the preimage', () => {
    const commit = {
      hotkey: alice.address,
      netuid: 1,
      uids: [0, 1],
      values: [100, 65535],
      salt: [1, 2, 3, 4, 5, 6, 7, 8],
      versionKey: 10002000n,
    };
    const preimage = polkadotPreimage(
      alice.address,
      1,
      [0, 1],
      [100, 65535],
      commit.salt,
      10002000n,
    );

    const expected = bytesToHex(blake2b(preimage, { dkLen: 32 }));

    expect(bytesToHex(weightCommitHash(commit))).toBe(expected);
    expect(weightCommitHashHex(commit)).toBe(`0x${expected}`);
  });
});

describe('storageIndex', () => {
  it('rejects an index above u16', () => {
    // 16 * 4096 = 65536 does not fit in a u16.
    const error = catchError(() => storageIndex(0, 16));

    expect(error.code).toBe('U16_OUT_OF_RANGE');
  });

  it('rejects an invalid hotkey', () => {
    const error = catchError(() =>
      weightCommitPreimage({
        hotkey: 'not-an-address',
        netuid: 1,
        uids: [],
        values: [],
        salt: [],
        versionKey: 0,
      }),
    );

    expect(error.code).toBe('HOTKEY_INVALID');
  });

  it('rejects a value above u16', () => {
    const error = catchError(() =>
      weightCommitPreimage({
        hotkey: alice.address,
        netuid: 1,
        uids: [0],
        values: [65536],
        salt: [],
        versionKey: 0,
      }),
    );

    expect(error.code).toBe('U16_OUT_OF_RANGE');
  });
});
