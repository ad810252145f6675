import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sr25519Verify } from '@polkadot/util-crypto';
import sodium from 'libsodium-wrappers-sumo';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  btPasswordVariableName,
  Keystore,
  KeyUnavailableError,
  writeWallet,
  type KeyStatus,
} from '../../src/keystore/index.js';
import {
  OTHER_MNEMONICS,
  VECTOR_ADDRESS,
  VECTOR_ARGON2_KEY,
  VECTOR_MNEMONIC,
  VECTOR_NACL_FILE_BASE64,
  VECTOR_PASSWORD,
  captureLogger,
  compactKeyfile,
  encodeBtPassword,
  makeTempRoot,
  testKeyFromMnemonic,
  type CapturedLogger,
  type TempRoot,
  type TestKey,
} from './helpers.js';

// Each correct or wrong password costs one Argon2i derivation of several
// seconds. Every encrypted file here uses the vector password, whose key is
// known, so building the files needs no derivation. The load derives twice,
// once for the vector password and once for the wrong one, and writeWallet
// derives once.
const WRONG_PASSWORD = 'not-the-password-at-all';
const vectorKey = testKeyFromMnemonic(VECTOR_MNEMONIC);
const keys = OTHER_MNEMONICS.map(testKeyFromMnemonic) as [TestKey, TestKey, TestKey, TestKey];
const ALL_FIELDS = ['public', 'mnemonic', 'seedHex', 'privateKeyHex'] as const;

/** Encrypts with libsodium directly and the known vector key, in the `$NACL` layout. */
function naclFile(plaintext: string): Uint8Array {
  const key = new Uint8Array(Buffer.from(VECTOR_ARGON2_KEY, 'hex'));
  const nonce = sodium.randombytes_buf(24);
  const sealed = sodium.crypto_secretbox_easy(new TextEncoder().encode(plaintext), nonce, key);
  return new Uint8Array(Buffer.concat([Buffer.from('$NACL'), nonce, sealed]));
}

describe('Keystore.load with $NACL wallets', () => {
  let tree: TempRoot;
  let keystore: Keystore;
  let log: CapturedLogger;
  let written: { coldkey: string; hotkeys: Record<string, string> };
  let envValue: string;
  const writtenColdkey = testKeyFromMnemonic(OTHER_MNEMONICS[1]);

  beforeAll(async () => {
    await sodium.ready;
    tree = makeTempRoot();
    const root = tree.root;

    tree.write('sample/coldkey', Buffer.from(VECTOR_NACL_FILE_BASE64, 'base64'));
    tree.write('sample/coldkeypub.txt', compactKeyfile(vectorKey, ['public']));
    tree.write('sample/hotkeys/default', compactKeyfile(keys[0], [...ALL_FIELDS]));

    tree.write('envpw/coldkey', naclFile(compactKeyfile(keys[1], [...ALL_FIELDS])));
    tree.write('envpw/hotkeys/enc', naclFile(compactKeyfile(keys[2], ['public', 'seedHex'])));
    tree.write('envpw/hotkeys/encpub.txt', compactKeyfile(keys[2], ['public']));

    tree.write('wrongpw/coldkey', naclFile(compactKeyfile(keys[2], [...ALL_FIELDS])));
    tree.write('wrongpw/hotkeys/default', compactKeyfile(keys[3], [...ALL_FIELDS]));

    tree.write('nopw/coldkey', naclFile(compactKeyfile(keys[3], [...ALL_FIELDS])));
    tree.write('nopw/coldkeypub.txt', compactKeyfile(keys[3], ['public']));
    tree.write('nopw/hotkeys/default', compactKeyfile(keys[0], [...ALL_FIELDS]));

    tree.write('badvar/coldkey', naclFile(compactKeyfile(keys[0], ['seedHex'])));

    written = await writeWallet({
      root,
      name: 'written',
      coldkey: { mnemonic: OTHER_MNEMONICS[1] },
      hotkeys: { default: { mnemonic: OTHER_MNEMONICS[2] } },
      password: VECTOR_PASSWORD,
    });

    const passwordFile = tree.write(
      'passwords.yaml',
      [
        `sample: ${VECTOR_PASSWORD}`,
        `wrongpw: ${WRONG_PASSWORD}`,
        `written: ${VECTOR_PASSWORD}`,
        `envpw/enc: ${VECTOR_PASSWORD}`,
      ].join('\n'),
    );
    const variable = btPasswordVariableName(path.join(root, 'envpw', 'coldkey'));
    envValue = encodeBtPassword(variable, VECTOR_PASSWORD);
    const env = {
      [variable]: envValue,
      [btPasswordVariableName(path.join(root, 'badvar', 'coldkey'))]: 'plain password!',
    };

    log = captureLogger();
    keystore = await Keystore.load({
      root,
      logger: log.logger,
      passwordFile,
      env,
      unlockConcurrency: 2,
    });
  });

  afterAll(() => {
    keystore?.unload();
    tree?.cleanup();
  });

  function expectSigns(wallet: string, hotkey: string | undefined, address: string): void {
    const signer =
      hotkey === undefined ? keystore.coldkey(wallet) : keystore.hotkey(wallet, hotkey);
    const message = new TextEncoder().encode(`encrypted ${wallet}`);
    expect(signer.address).toBe(address);
    expect(sr25519Verify(message, signer.sign(message), signer.publicKey)).toBe(true);
  }

  function coldkeyError(wallet: string): KeyStatus['error'] {
    return keystore.coldkeyStatus(wallet).error;
  }

  it('decrypts the vector file with the password file', () => {
    expectSigns('sample', undefined, VECTOR_ADDRESS);
  });

  it('takes a password from a BT_PW_ variable', () => {
    expectSigns('envpw', undefined, keys[1].address);
  });

  it('decrypts a hotkey with a wallet/hotkey entry', () => {
    expectSigns('envpw', 'enc', keys[2].address);
  });

  it('reports a wrong password for that key only', () => {
    const error = coldkeyError('wrongpw');
    expect(error?.code).toBe('WRONG_PASSWORD');
    expect(error?.message).toContain('entry "wrongpw" of the password file');
    expectSigns('wrongpw', 'default', keys[3].address);
  });

  it('leaves a coldkey without password locked', () => {
    const status = keystore.coldkeyStatus('nopw');
    expect(status.canSign).toBe(false);
    expect(status.address).toBe(keys[3].address);
    expect(status.error?.code).toBe('PASSWORD_MISSING');
    expect(status.error?.message).toContain(
      btPasswordVariableName(path.join(tree.root, 'nopw', 'coldkey')),
    );
    expectSigns('nopw', 'default', keys[0].address);
    expect(() => keystore.coldkey('nopw')).toThrow(KeyUnavailableError);
  });

  it('reports an invalid BT_PW_ value', () => {
    expect(coldkeyError('badvar')?.code).toBe('PASSWORD_SOURCE_INVALID');
  });

  it('round trips an encrypted writeWallet', () => {
    expect(written.coldkey).toBe(writtenColdkey.address);
    expectSigns('written', undefined, writtenColdkey.address);
    expectSigns('written', 'default', testKeyFromMnemonic(OTHER_MNEMONICS[2]).address);
  });

  it('writes a $NACL coldkey libsodium opens', () => {
    const file = readFileSync(path.join(tree.root, 'written', 'coldkey'));
    expect(file.subarray(0, 5).toString('latin1')).toBe('$NACL');
    const opened = sodium.crypto_secretbox_open_easy(
      file.subarray(29),
      file.subarray(5, 29),
      new Uint8Array(Buffer.from(VECTOR_ARGON2_KEY, 'hex')),
    );
    const json = JSON.parse(Buffer.from(opened).toString('utf8')) as Record<string, string>;
    expect(json.secretSeed).toBe(writtenColdkey.seedHex);
    expect(json.privateKey).toBe(writtenColdkey.privateKeyHex);
  });

  it('counts the keys that can sign', () => {
    // sample 2, envpw 2, wrongpw 1 hotkey, nopw 1 hotkey, written 2.
    expect(keystore.signerCount).toBe(8);
  });

  it('keeps passwords and secrets out of logs and errors', () => {
    const texts = [log.text(), JSON.stringify(keystore.wallets())];
    for (const wallet of ['wrongpw', 'nopw', 'badvar']) {
      try {
        keystore.coldkey(wallet);
      } catch (error) {
        texts.push((error as Error).message);
      }
    }
    const all = texts.join('\n');
    expect(texts).toHaveLength(5);
    for (const secret of [VECTOR_PASSWORD, WRONG_PASSWORD, envValue, 'plain password!']) {
      expect(all).not.toContain(secret);
    }
    for (const key of [vectorKey, ...keys]) {
      expect(all).not.toContain(key.mnemonic);
      expect(all).not.toContain(key.seedHex?.slice(2));
      expect(all).not.toContain(key.privateKeyHex.slice(2));
    }
  });
});
