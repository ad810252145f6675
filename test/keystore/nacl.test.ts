import sodium from 'libsodium-wrappers-sumo';
import { beforeAll, describe, expect, it } from 'vitest';
import { deriveNaclKey } from '../../src/keystore/argon2-worker.js';
import { KeyfileError } from '../../src/keystore/errors.js';
import { naclDecrypt, naclEncrypt } from '../../src/keystore/nacl.js';
import {
  VECTOR_ARGON2_KEY,
  VECTOR_NACL_FILE_BASE64,
  VECTOR_NACL_PLAINTEXT,
  VECTOR_PASSWORD,
} from './helpers.js';

const vectorFile = () => new Uint8Array(Buffer.from(VECTOR_NACL_FILE_BASE64, 'base64'));
const vectorKey = () => new Uint8Array(Buffer.from(VECTOR_ARGON2_KEY, 'hex'));

describe('$NACL', () => {
  beforeAll(async () => {
    await sodium.ready;
  });

  // The only real Argon2i derivation of this file: about 2-8 s.
  it('derives the vector key in a worker', async () => {
    const key = await deriveNaclKey(new TextEncoder().encode(VECTOR_PASSWORD));
    expect(Buffer.from(key).toString('hex')).toBe(VECTOR_ARGON2_KEY);
  });

  it('decrypts the vector file', async () => {
    const plaintext = await naclDecrypt(vectorFile(), vectorKey(), 'coldkey');
    expect(new TextDecoder().decode(plaintext)).toBe(VECTOR_NACL_PLAINTEXT);
  });

  it('encrypts in the layout libsodium opens', async () => {
    const plaintext = new TextEncoder().encode('{"secretSeed":"0x01"}');
    const file = await naclEncrypt(plaintext, vectorKey());
    expect(Buffer.from(file.subarray(0, 5)).toString('latin1')).toBe('$NACL');
    const opened = sodium.crypto_secretbox_open_easy(
      file.subarray(29),
      file.subarray(5, 29),
      vectorKey(),
    );
    expect(Buffer.from(opened).toString('utf8')).toBe('{"secretSeed":"0x01"}');
  });

  it('reports a wrong key as WRONG_PASSWORD', async () => {
    const wrongKey = new Uint8Array(32).fill(7);
    const failure = naclDecrypt(vectorFile(), wrongKey, 'coldkey', 'variable BT_PW_X');
    await expect(failure).rejects.toBeInstanceOf(KeyfileError);
    await expect(failure).rejects.toMatchObject({ code: 'WRONG_PASSWORD' });
    await expect(failure).rejects.toThrow(/check variable BT_PW_X/);
  });

  it('rejects a truncated file', async () => {
    const failure = naclDecrypt(vectorFile().subarray(0, 40), vectorKey(), 'coldkey');
    await expect(failure).rejects.toMatchObject({ code: 'KEYFILE_INVALID' });
  });
});
