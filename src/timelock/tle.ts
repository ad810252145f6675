import { bytesToNumberBE } from '@noble/curves/utils.js';
import { randomBytes } from '@noble/hashes/utils.js';

import { openAesGcm, sealAesGcm } from './aes-gcm.js';
import {
  AES_GCM_NONCE_BYTES,
  AES_GCM_SUITE,
  parseCiphertext,
  serializeCiphertext,
} from './ciphertext.js';
import { TimelockError } from './errors.js';
import { IBE_MESSAGE_BYTES, SCALAR_ORDER, ibeDecrypt, ibeEncrypt } from './ibe.js';
import { identityPoint } from './identity.js';
import { decodeG1, decodeG2, encodeG2, quicknetPublicKey } from './points.js';

/** Randomness of one encryption. Each value left out is drawn from the system CSPRNG. */
export interface EncryptRandomness {
  /** Scalar t in [0, r) from which sigma is derived. */
  t?: bigint;
  /** 32-byte AES-256 key, the message of the IBE layer. */
  esk?: Uint8Array;
  /** 12-byte AES-GCM nonce. */
  nonce?: Uint8Array;
}

export interface EncryptOptions {
  /** Beacon public key as compressed G2 bytes. Defaults to drand quicknet. */
  publicKey?: Uint8Array;
  /** Fixed randomness, so that tests can reproduce a ciphertext. Never set it in production. */
  randomness?: EncryptRandomness;
}

/**
 * Encrypts a plaintext so that it opens with the beacon signature of `round`.
 * The body is AES-256-GCM under a fresh 32-byte key, and that key is
 * IBE-encrypted to the round's identity. Returns the bytes in the layout
 * that the tle crate at revision 5416406 writes and decrypts.
 */
export function encrypt(
  plaintext: Uint8Array,
  round: bigint | number,
  options: EncryptOptions = {},
): Uint8Array {
  const publicKey = options.publicKey
    ? decodeG2(options.publicKey, 'beacon public key')
    : quicknetPublicKey();
  const t = options.randomness?.t ?? randomScalar();
  const esk = options.randomness?.esk ?? randomBytes(IBE_MESSAGE_BYTES);
  const nonce = options.randomness?.nonce ?? randomBytes(AES_GCM_NONCE_BYTES);
  requireLength(esk, IBE_MESSAGE_BYTES, 'AES key');
  requireLength(nonce, AES_GCM_NONCE_BYTES, 'AES-GCM nonce');

  const header = ibeEncrypt(esk, identityPoint(round), publicKey, t);
  const aesCiphertext = sealAesGcm(plaintext, esk, nonce);

  return serializeCiphertext({
    u: encodeG2(header.u),
    v: header.v,
    w: header.w,
    aesCiphertext,
    nonce,
    cipherSuite: AES_GCM_SUITE,
  });
}

/**
 * Decrypts a tle ciphertext with the beacon signature (compressed G1, 48
 * bytes) of the round it was encrypted to. Throws TimelockError with code
 * TIMELOCK_DECRYPTION_FAILED for any other signature.
 */
export function decrypt(ciphertext: Uint8Array, signature: Uint8Array): Uint8Array {
  const fields = parseCiphertext(ciphertext);
  const signaturePoint = decodeG1(signature, 'beacon signature');

  const esk = ibeDecrypt(
    { u: decodeG2(fields.u, 'timelock ciphertext U'), v: fields.v, w: fields.w },
    signaturePoint,
  );
  return openAesGcm(fields.aesCiphertext, esk, fields.nonce);
}

// Reducing 48 random bytes mod r leaves a bias below 2^-128.
function randomScalar(): bigint {
  return bytesToNumberBE(randomBytes(48)) % SCALAR_ORDER;
}

function requireLength(bytes: Uint8Array, length: number, role: string): void {
  if (bytes.length !== length) {
    throw new TimelockError(
      'TIMELOCK_INVALID_INPUT',
      `Invalid ${role}: expected ${length} bytes, got ${bytes.length}.`,
    );
  }
}
