import { u8aEq } from '@polkadot/util';
import { decodeAddress, mnemonicToMiniSecret, sr25519PairFromSeed } from '@polkadot/util-crypto';
import { ristretto255 } from '@noble/curves/ed25519.js';
import { KeyfileError } from './errors.js';
import type { KeyfileData } from './keyfile-fields.js';

/** sr25519 key pair; `secretKey` is 64 bytes in the polkadot-js form (scalar*8 ‖ nonce). */
export interface Sr25519Pair {
  publicKey: Uint8Array;
  secretKey: Uint8Array;
}

const GROUP_ORDER = ristretto255.Point.Fn.ORDER;
const SCALAR_BYTES = 32;

function readScalarLE(bytes: Uint8Array): bigint {
  let value = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) {
    value = (value << 8n) | BigInt(bytes[i] ?? 0);
  }
  return value;
}

function writeScalarLE(value: bigint, out: Uint8Array): void {
  let rest = value;
  for (let i = 0; i < out.length; i++) {
    out[i] = Number(rest & 0xffn);
    rest >>= 8n;
  }
}

/**
 * Converts btwallet's `privateKey` (schnorrkel `SecretKey::to_bytes()`: the
 * canonical scalar, little-endian, then the nonce) to the polkadot-js secret
 * key, which stores the scalar shifted left by 3 bits (multiplied by the
 * cofactor 8). A scalar at or above the group order is rejected, as
 * schnorrkel's `SecretKey::from_bytes` rejects it.
 */
export function secretKeyFromCanonical(privateKey: Uint8Array, path: string): Sr25519Pair {
  const scalar = readScalarLE(privateKey.subarray(0, SCALAR_BYTES));
  if (scalar === 0n || scalar >= GROUP_ORDER) {
    throw new KeyfileError(
      'KEYFILE_INVALID',
      path,
      `Invalid keyfile ${path}: field "privateKey" does not start with a canonical nonzero ` +
        'sr25519 scalar; restore the key from its mnemonic',
      { field: 'privateKey' },
    );
  }

  const secretKey = new Uint8Array(64);
  writeScalarLE(scalar << 3n, secretKey.subarray(0, SCALAR_BYTES));
  secretKey.set(privateKey.subarray(SCALAR_BYTES), SCALAR_BYTES);
  const publicKey = ristretto255.Point.BASE.multiply(scalar).toBytes();
  return { publicKey, secretKey };
}

/** Converts a polkadot-js secret key back to btwallet's canonical `privateKey`. */
export function canonicalFromSecretKey(secretKey: Uint8Array): Uint8Array {
  const privateKey = new Uint8Array(64);
  const scalar = readScalarLE(secretKey.subarray(0, SCALAR_BYTES)) >> 3n;
  writeScalarLE(scalar, privateKey.subarray(0, SCALAR_BYTES));
  privateKey.set(secretKey.subarray(SCALAR_BYTES, 64), SCALAR_BYTES);
  return privateKey;
}

function pairFromMnemonic(mnemonic: string): Sr25519Pair {
  const miniSecret = mnemonicToMiniSecret(mnemonic);
  try {
    return sr25519PairFromSeed(miniSecret);
  } finally {
    miniSecret.fill(0);
  }
}

/**
 * Rebuilds the sr25519 pair of a keyfile from the cheapest secret present:
 * `secretSeed`, then `privateKey`, then `secretPhrase`. btwallet prefers the
 * phrase, but all three describe the same key in the files it writes, and the
 * phrase costs 2048 PBKDF2 rounds. The public fields, when present, must match.
 */
export function rebuildKeyPair(data: KeyfileData, path: string): Sr25519Pair {
  let pair: Sr25519Pair;
  if (data.secretSeed) {
    pair = sr25519PairFromSeed(data.secretSeed);
  } else if (data.privateKey) {
    pair = secretKeyFromCanonical(data.privateKey, path);
  } else if (data.secretPhrase) {
    pair = pairFromMnemonic(data.secretPhrase);
  } else {
    throw new KeyfileError(
      'KEYFILE_INVALID',
      path,
      `Invalid keyfile ${path}: none of "secretSeed", "privateKey" or "secretPhrase" is present`,
    );
  }

  try {
    checkPublicFields(data, pair.publicKey, path);
  } catch (error) {
    pair.secretKey.fill(0);
    throw error;
  }
  return pair;
}

function mismatch(path: string, field: string, other: string): KeyfileError {
  return new KeyfileError(
    'PUBLIC_KEY_MISMATCH',
    path,
    `Keyfile ${path}: field "${field}" does not match the public key of ${other}; ` +
      'the file is damaged or was edited, restore it from the mnemonic',
    { field },
  );
}

/**
 * Throws `PUBLIC_KEY_MISMATCH` unless every public field of `data`
 * (`publicKey`, `accountId`, `ss58Address`) names `publicKey`.
 * `source` describes where `publicKey` came from, for the message.
 */
export function checkPublicFields(
  data: KeyfileData,
  publicKey: Uint8Array,
  path: string,
  source = 'its secret key',
): void {
  if (data.publicKey && !u8aEq(data.publicKey, publicKey)) {
    throw mismatch(path, 'publicKey', source);
  }
  if (data.accountId && !u8aEq(data.accountId, publicKey)) {
    throw mismatch(path, 'accountId', source);
  }
  if (data.ss58Address && !u8aEq(decodeAddress(data.ss58Address), publicKey)) {
    throw mismatch(path, 'ss58Address', source);
  }
}

/** Returns the public key named by a public key file, checking its fields agree. */
export function publicKeyOf(data: KeyfileData, path: string): Uint8Array {
  const publicKey =
    data.publicKey ??
    data.accountId ??
    (data.ss58Address ? decodeAddress(data.ss58Address) : undefined);
  if (publicKey === undefined) {
    throw new KeyfileError(
      'KEYFILE_INVALID',
      path,
      `Invalid public key file ${path}: none of "publicKey", "accountId" or "ss58Address" is present`,
    );
  }
  checkPublicFields(data, publicKey, path, 'the other fields');
  return publicKey;
}
