import { sha3_256 } from '@noble/hashes/sha3.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

import { pythonStr, type PyValue } from './python-str.js';

/** Returns the SHA3-256 hex digest of the UTF-8 text, as the SDK's `get_hash`. */
export function sha3Hex(text: string): string {
  return bytesToHex(sha3_256(utf8ToBytes(text)));
}

/**
 * Computes a synapse's `computed_body_hash`: the SHA3-256 hex digest of the
 * concatenated SHA3-256 hex digests of Python `str(value)` of each field in
 * `required_hash_fields`, in that order. With no field it is the digest of "".
 */
export function computeBodyHash(hashFieldValues: readonly PyValue[]): string {
  return sha3Hex(hashFieldValues.map((value) => sha3Hex(pythonStr(value))).join(''));
}
