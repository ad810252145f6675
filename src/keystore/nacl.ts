import sodium from 'libsodium-wrappers-sumo';
import { KeyfileError } from './errors.js';

/**
 * Parameters of btwallet's `$NACL` key files: libsodium `crypto_pwhash`
 * (Argon2i v1.3, OPSLIMIT_SENSITIVE, 512 MiB) with a salt fixed by btwallet,
 * then NaCl secretbox. File layout: `$NACL` ‖ nonce (24) ‖ MAC (16) ‖ ciphertext.
 */
export const NACL_PREFIX = new TextEncoder().encode('$NACL');
export const NACL_SALT = Uint8Array.from(Buffer.from('137183dff15a09bc9c90b5518739e9b1', 'hex'));
export const NACL_OPSLIMIT = 8;
export const NACL_MEMLIMIT = 536_870_912;
export const NACL_KEY_BYTES = 32;
const NONCE_BYTES = 24;
const MAC_BYTES = 16;

/** Waits for libsodium's WebAssembly module and returns it. */
export async function loadSodium(): Promise<typeof sodium> {
  await sodium.ready;
  return sodium;
}

/**
 * Decrypts a `$NACL` file with a key derived from its password. Throws a
 * `WRONG_PASSWORD` error when authentication fails, which also happens when
 * the file is damaged, because secretbox cannot tell the two apart.
 * `passwordOrigin` names where the password came from, for the message.
 */
export async function naclDecrypt(
  content: Uint8Array,
  key: Uint8Array,
  path: string,
  passwordOrigin = 'the password of this key',
): Promise<Uint8Array> {
  const lib = await loadSodium();
  const headerBytes = NACL_PREFIX.length + NONCE_BYTES;
  if (content.length < headerBytes + MAC_BYTES) {
    throw new KeyfileError(
      'KEYFILE_INVALID',
      path,
      `Invalid keyfile ${path}: $NACL file of ${content.length} bytes is too short`,
    );
  }

  const nonce = content.subarray(NACL_PREFIX.length, headerBytes);
  const sealed = content.subarray(headerBytes);
  try {
    return lib.crypto_secretbox_open_easy(sealed, nonce, key);
  } catch {
    throw new KeyfileError(
      'WRONG_PASSWORD',
      path,
      `Failed to decrypt ${path}: wrong password or damaged file; check ${passwordOrigin}`,
    );
  }
}

/** Encrypts keyfile bytes into the `$NACL` format with a fresh random nonce. */
export async function naclEncrypt(plaintext: Uint8Array, key: Uint8Array): Promise<Uint8Array> {
  const lib = await loadSodium();
  const nonce = lib.randombytes_buf(NONCE_BYTES);
  const sealed = lib.crypto_secretbox_easy(plaintext, nonce, key);

  const out = new Uint8Array(NACL_PREFIX.length + nonce.length + sealed.length);
  out.set(NACL_PREFIX, 0);
  out.set(nonce, NACL_PREFIX.length);
  out.set(sealed, NACL_PREFIX.length + nonce.length);
  return out;
}
