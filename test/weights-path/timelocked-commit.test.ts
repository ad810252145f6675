import { hexToU8a, u8aConcat, u8aToHex } from '@polkadot/util';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { InvalidRequestError } from '../../src/service/operations/invalid-request.js';
import { timelockedCommitCall } from '../../src/service/operations/weights-calls.js';
import {
  buildTimelockedCommit,
  MAX_TIMELOCKED_COMMIT_BYTES,
} from '../../src/service/operations/weights-timelock.js';
import { decrypt, parseCiphertext } from '../../src/timelock/index.js';
import { QUICKNET_PULSES } from '../timelock/fixtures.js';
import { signerFromUri } from '../helpers/signers.js';
import { signAndDecode, spec343 } from './spec343.js';

const QUICKNET_GENESIS = 1692803367;
const hotkey = signerFromUri('//Charlie');

/** SCALE of {hotkey: Vec<u8>, uids: Vec<u16>, values: Vec<u16>, version_key: u64}, by hand. */
function sdkPlaintext(uids: number[], values: number[], versionKey: bigint): Uint8Array {
  const compact = (length: number) =>
    length < 64
      ? Uint8Array.of(length << 2)
      : Uint8Array.of(((length << 2) | 1) & 0xff, length >> 6);
  const u16s = (items: number[]) =>
    u8aConcat(compact(items.length), ...items.map((item) => Uint8Array.of(item & 0xff, item >> 8)));
  const key = new Uint8Array(8);
  new DataView(key.buffer).setBigUint64(0, versionKey, true);
  return u8aConcat(Uint8Array.of(0x80), hotkey.publicKey, u16s(uids), u16s(values), key);
}

/**
 * Block 100 on storage index 2 with tempo 10 and one reveal epoch: epoch
 * (100 + 3) div 11 = 9, reveal epoch 10, first reveal block 110 - 3 = 107,
 * target block 110, 10 blocks = 120 s ahead. A clock at genesis + 3000 - 120
 * + 1 s puts the target time in round floor(3001 / 3) = 1000.
 */
const CASE = {
  storageIndex: 2,
  currentBlock: 100,
  tempo: 10,
  revealPeriodEpochs: 1,
  nowSeconds: QUICKNET_GENESIS + 3000 - 120 + 1,
};

describe('CRv4 timelocked commit', () => {
  beforeAll(async () => {
    await cryptoWaitReady();
  });

  it('opens with the round 1000 pulse to the SDK plaintext', () => {
    const uids = [0, 3, 9];
    const weights = [65535, 1200, 7];
    const commit = buildTimelockedCommit({
      hotkey: hotkey.publicKey,
      uids,
      weights,
      versionKey: 10002000n,
      ...CASE,
    });
    expect(commit.revealRound).toBe(1000);

    const pulse = QUICKNET_PULSES.find((item) => item.round === 1000)!;
    const plaintext = decrypt(commit.ciphertext, hexToU8a(`0x${pulse.signature}`));
    expect(u8aToHex(plaintext)).toBe(u8aToHex(sdkPlaintext(uids, weights, 10002000n)));
  });

  it('does not open with another round', () => {
    const commit = buildTimelockedCommit({
      hotkey: hotkey.publicKey,
      uids: [1],
      weights: [65535],
      versionKey: 1n,
      ...CASE,
    });
    const other = QUICKNET_PULSES.find((item) => item.round === 1001)!;
    expect(() => decrypt(commit.ciphertext, hexToU8a(`0x${other.signature}`))).toThrow();
  });

  it('aims a mechanism commit with its storage index', () => {
    // Storage index 4096 + 2: epoch (100 + 4099) div 11 = 381, first reveal block
    // 382 * 11 - 4099 = 103, target 106, 6 blocks = 72 s ahead.
    const commit = buildTimelockedCommit({
      hotkey: hotkey.publicKey,
      uids: [1],
      weights: [65535],
      versionKey: 1n,
      ...CASE,
      storageIndex: 4098,
    });
    expect(commit.revealRound).toBe(Math.floor((CASE.nowSeconds + 72 - QUICKNET_GENESIS) / 3));
  });

  it('lays out the ciphertext as tle does', () => {
    const commit = buildTimelockedCommit({
      hotkey: hotkey.publicKey,
      uids: [0, 1],
      weights: [1, 2],
      versionKey: 5n,
      ...CASE,
    });
    const fields = parseCiphertext(commit.ciphertext);
    const plaintextLength = sdkPlaintext([0, 1], [1, 2], 5n).length;
    expect(fields.u).toHaveLength(96);
    expect(fields.nonce).toHaveLength(12);
    expect(fields.aesCiphertext).toHaveLength(plaintextLength + 16);
    expect(commit.ciphertext).toHaveLength(244 + plaintextLength);
  });

  it('goes into the spec 343 call unchanged', () => {
    const { registry, tx } = spec343();
    const commit = buildTimelockedCommit({
      hotkey: hotkey.publicKey,
      uids: [4, 2],
      weights: [10, 20],
      versionKey: 7n,
      ...CASE,
    });
    const built = timelockedCommitCall(
      tx,
      { netuid: 2, mechid: 0, specVersion: 343 },
      { ...commit, commitRevealVersion: 4 },
    );
    const decoded = signAndDecode(registry, built.call, hotkey);
    expect(decoded.method).toBe('commitTimelockedMechanismWeights');
    expect(decoded.args.commit).toBe(u8aToHex(commit.ciphertext));
    expect(decoded.args.reveal_round).toBe(1000);
    expect(decoded.args.commit_reveal_version).toBe(4);
  });

  it('accepts 1177 uids and rejects 1178', () => {
    const build = (count: number) =>
      buildTimelockedCommit({
        hotkey: hotkey.publicKey,
        uids: Array.from({ length: count }, (_, index) => index),
        weights: Array.from({ length: count }, () => 65535),
        versionKey: 1n,
        ...CASE,
      });
    expect(build(1177).ciphertext.length).toBeLessThanOrEqual(MAX_TIMELOCKED_COMMIT_BYTES);
    expect(() => build(1178)).toThrow(InvalidRequestError);
    expect(() => build(1178)).toThrow(/5001-byte timelocked commit/);
  });
});
