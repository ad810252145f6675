import { compactToU8a, u8aConcat, u8aToHex } from '@polkadot/util';
import { blake2AsU8a, decodeAddress } from '@polkadot/util-crypto';

import { CommitHashInputError } from './errors.js';

const U16_MAX = 0xffff;
const U64_MAX = 0xffff_ffff_ffff_ffffn;
/** Subtensor's `GLOBAL_MAX_SUBNET_COUNT`: mechanism ids are strided by it in storage. */
const MECHANISM_STRIDE = 4096;

export interface WeightCommit {
  /** Hotkey that signs the commit, as SS58 or its 32-byte public key. */
  hotkey: string | Uint8Array;
  netuid: number;
  /** Mechanism id; the SDK always uses 0. */
  mecid?: number;
  uids: readonly number[];
  /** u16 weights as sent by `reveal_weights`. */
  values: readonly number[];
  salt: readonly number[];
  versionKey: bigint | number;
}

/**
 * Returns the storage index Subtensor keys per-mechanism weights by: `mecid * 4096 + netuid`.
 * Throws CommitHashInputError when the result does not fit in a u16.
 */
export function storageIndex(netuid: number, mecid = 0): number {
  checkU16('netuid', netuid);
  const index = mecid * MECHANISM_STRIDE + netuid;
  if (!Number.isInteger(mecid) || mecid < 0 || index > U16_MAX) {
    throw new CommitHashInputError(
      'U16_OUT_OF_RANGE',
      `mecid ${mecid} with netuid ${netuid} gives no u16 storage index: use mecid from 0 to 15`,
    );
  }
  return index;
}

/**
 * Builds the commit-reveal (hash version) preimage: the SCALE encoding of hotkey
 * AccountId (32 bytes), storage index (u16), uids, values and salt (each
 * `Vec<u16>`), and version key (u64), in that order.
 */
export function weightCommitPreimage(commit: WeightCommit): Uint8Array {
  return u8aConcat(
    hotkeyBytes(commit.hotkey),
    u16Bytes(storageIndex(commit.netuid, commit.mecid ?? 0)),
    u16VecBytes('uids', commit.uids),
    u16VecBytes('values', commit.values),
    u16VecBytes('salt', commit.salt),
    u64Bytes(commit.versionKey),
  );
}

/** Computes the 32-byte commit hash that `commit_weights` carries: blake2b-256 of the preimage. */
export function weightCommitHash(commit: WeightCommit): Uint8Array {
  return blake2AsU8a(weightCommitPreimage(commit), 256);
}

/** Returns the commit hash as `0x`-prefixed hex, the form the SDK's `generate_weight_hash` returns. */
export function weightCommitHashHex(commit: WeightCommit): string {
  return u8aToHex(weightCommitHash(commit));
}

function hotkeyBytes(hotkey: string | Uint8Array): Uint8Array {
  let publicKey: Uint8Array;
  if (typeof hotkey === 'string') {
    try {
      publicKey = decodeAddress(hotkey);
    } catch {
      throw new CommitHashInputError(
        'HOTKEY_INVALID',
        `hotkey ${hotkey} is not a valid SS58 address`,
      );
    }
  } else {
    publicKey = hotkey;
  }
  if (publicKey.length !== 32) {
    throw new CommitHashInputError(
      'HOTKEY_INVALID',
      `hotkey is ${publicKey.length} bytes: pass a 32-byte sr25519 public key or its SS58 address`,
    );
  }
  return publicKey;
}

function checkU16(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0 || value > U16_MAX) {
    throw new CommitHashInputError(
      'U16_OUT_OF_RANGE',
      `${name} ${value} is not a u16: use an integer from 0 to ${U16_MAX}`,
    );
  }
}

function u16Bytes(value: number): Uint8Array {
  return Uint8Array.of(value & 0xff, value >> 8);
}

function u16VecBytes(name: string, values: readonly number[]): Uint8Array {
  const body = new Uint8Array(values.length * 2);
  values.forEach((value, i) => {
    checkU16(`${name}[${i}]`, value);
    body.set(u16Bytes(value), i * 2);
  });
  return u8aConcat(compactToU8a(values.length), body);
}

function u64Bytes(value: bigint | number): Uint8Array {
  if (typeof value === 'number' && !Number.isSafeInteger(value)) {
    throw new CommitHashInputError(
      'VERSION_KEY_INVALID',
      `version key ${value} is not a safe integer: pass a bigint for values above 2^53`,
    );
  }
  const key = BigInt(value);
  if (key < 0n || key > U64_MAX) {
    throw new CommitHashInputError(
      'VERSION_KEY_INVALID',
      `version key ${key} is not a u64: use an integer from 0 to 2^64 - 1`,
    );
  }
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setBigUint64(0, key, true);
  return bytes;
}
