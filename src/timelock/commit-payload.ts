import { compactToU8a, u8aConcat } from '@polkadot/util';

import { TimelockError } from './errors.js';

/** The weights a validator commits under CRv4, before timelock encryption. */
export interface CommitPayload {
  /** 32-byte public key of the hotkey. The chain rejects it unless it is the signer. */
  hotkey: Uint8Array;
  uids: readonly number[];
  values: readonly number[];
  versionKey: bigint | number;
}

const HOTKEY_BYTES = 32;
const U16_MAX = 0xffff;
const U64_MAX = 2n ** 64n - 1n;

/**
 * Encodes the CRv4 plaintext as SCALE of `{ hotkey: Vec<u8>, uids: Vec<u16>,
 * values: Vec<u16>, version_key: u64 }`. The hotkey is a Vec, so it carries
 * a compact length prefix (0x80 for 32 bytes), unlike an AccountId.
 */
export function encodeCommitPayload(payload: CommitPayload): Uint8Array {
  if (payload.hotkey.length !== HOTKEY_BYTES) {
    throw invalid(`hotkey of ${payload.hotkey.length} bytes: pass the 32-byte public key`);
  }
  if (payload.uids.length !== payload.values.length) {
    throw invalid(
      `weights: ${payload.uids.length} uids but ${payload.values.length} values, so pass one value per uid`,
    );
  }
  return u8aConcat(
    compactToU8a(payload.hotkey.length),
    payload.hotkey,
    encodeU16Vec(payload.uids, 'uid'),
    encodeU16Vec(payload.values, 'weight value'),
    encodeU64(payload.versionKey),
  );
}

function encodeU16Vec(items: readonly number[], role: string): Uint8Array {
  const out = new Uint8Array(items.length * 2);
  const view = new DataView(out.buffer);
  items.forEach((item, index) => {
    if (!Number.isInteger(item) || item < 0 || item > U16_MAX) {
      throw invalid(`${role} ${item} at index ${index}: it must be an integer from 0 to 65535`);
    }
    view.setUint16(index * 2, item, true);
  });
  return u8aConcat(compactToU8a(items.length), out);
}

function encodeU64(value: bigint | number): Uint8Array {
  if (typeof value === 'number' && !Number.isSafeInteger(value)) {
    throw invalid(`version key ${value}: pass an integer`);
  }
  const big = BigInt(value);
  if (big < 0n || big > U64_MAX) {
    throw invalid(`version key ${big}: it must fit in a u64`);
  }
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, big, true);
  return out;
}

function invalid(detail: string): TimelockError {
  return new TimelockError('TIMELOCK_INVALID_INPUT', `Invalid ${detail}.`);
}
