import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { sr25519Verify } from '@polkadot/util-crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  InvalidKeyNameError,
  KeyNotFoundError,
  Keystore,
  readWalletPublicKeys,
  writeWallet,
} from '../../src/keystore/index.js';
import {
  OTHER_MNEMONICS,
  VECTOR_MNEMONIC,
  captureLogger,
  compactKeyfile,
  makeTempRoot,
  pythonKeyfile,
  testKeyFromMnemonic,
  type TempRoot,
} from './helpers.js';

const coldkey = testKeyFromMnemonic(VECTOR_MNEMONIC);
const hotkeyA = testKeyFromMnemonic(OTHER_MNEMONICS[0]);
const hotkeyB = testKeyFromMnemonic(OTHER_MNEMONICS[1]);

function readJson(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
}

describe('writeWallet', () => {
  let tree: TempRoot;
  let root: string;

  beforeEach(() => {
    tree = makeTempRoot();
    root = path.join(tree.root, 'wallets');
  });

  afterEach(() => {
    tree.cleanup();
  });

  async function writeSample(overwrite?: boolean) {
    return writeWallet({
      root,
      name: 'validator',
      coldkey: { mnemonic: VECTOR_MNEMONIC },
      hotkeys: {
        default: { mnemonic: OTHER_MNEMONICS[0] },
        second: { mnemonic: OTHER_MNEMONICS[1] },
      },
      overwrite,
    });
  }

  it('returns the addresses', async () => {
    const written = await writeSample();
    expect(written.coldkey).toBe(coldkey.address);
    expect(written.hotkeys).toEqual({ default: hotkeyA.address, second: hotkeyB.address });
  });

  it('writes btwallet compact JSON', async () => {
    await writeSample();
    const file = path.join(root, 'validator', 'coldkey');
    const text = readFileSync(file, 'utf8');
    expect(text).toBe(JSON.stringify(JSON.parse(text)));
    expect(text.endsWith('}')).toBe(true);
    expect(readJson(file)).toEqual({
      accountId: coldkey.publicKeyHex,
      publicKey: coldkey.publicKeyHex,
      privateKey: coldkey.privateKeyHex,
      secretPhrase: VECTOR_MNEMONIC,
      secretSeed: coldkey.seedHex,
      ss58Address: coldkey.address,
    });
    expect(readJson(path.join(root, 'validator', 'coldkeypub.txt'))).toEqual({
      accountId: coldkey.publicKeyHex,
      publicKey: coldkey.publicKeyHex,
      ss58Address: coldkey.address,
    });
    expect(readJson(path.join(root, 'validator', 'hotkeys', 'default')).privateKey).toBe(
      hotkeyA.privateKeyHex,
    );
    expect(readJson(path.join(root, 'validator', 'hotkeys', 'secondpub.txt'))).toEqual({
      accountId: hotkeyB.publicKeyHex,
      publicKey: hotkeyB.publicKeyHex,
      ss58Address: hotkeyB.address,
    });
  });

  it('uses modes 0600 and 0700', async () => {
    await writeSample();
    const wallet = path.join(root, 'validator');
    const mode = (target: string) => statSync(target).mode & 0o777;
    for (const file of ['coldkey', 'coldkeypub.txt', 'hotkeys/default', 'hotkeys/defaultpub.txt']) {
      expect(mode(path.join(wallet, file))).toBe(0o600);
    }
    expect(mode(wallet)).toBe(0o700);
    expect(mode(path.join(wallet, 'hotkeys'))).toBe(0o700);
  });

  it('refuses to overwrite by default', async () => {
    await writeSample();
    const again = writeSample();
    await expect(again).rejects.toMatchObject({ code: 'KEYFILE_EXISTS' });
    await expect(again).rejects.toThrow(path.join(root, 'validator', 'coldkey'));
  });

  it('overwrites when asked', async () => {
    await writeSample();
    await writeWallet({
      root,
      name: 'validator',
      coldkey: { mnemonic: OTHER_MNEMONICS[2] },
      hotkeys: {},
      overwrite: true,
    });
    const expected = testKeyFromMnemonic(OTHER_MNEMONICS[2]);
    expect(readJson(path.join(root, 'validator', 'coldkey')).ss58Address).toBe(expected.address);
  });

  it('rejects an invalid mnemonic without quoting it', async () => {
    const attempt = writeWallet({
      root,
      name: 'w',
      coldkey: { mnemonic: 'alpha beta gamma delta' },
      hotkeys: {},
    });
    await expect(attempt).rejects.toMatchObject({ code: 'MNEMONIC_INVALID' });
    await expect(attempt).rejects.not.toThrow(/gamma/);
  });

  it('rejects unsafe names', async () => {
    const spec = { mnemonic: VECTOR_MNEMONIC };
    await expect(
      writeWallet({ root, name: '../escape', coldkey: spec, hotkeys: {} }),
    ).rejects.toBeInstanceOf(InvalidKeyNameError);
    await expect(
      writeWallet({ root, name: 'w', coldkey: spec, hotkeys: { '../x': spec } }),
    ).rejects.toBeInstanceOf(InvalidKeyNameError);
    await expect(
      writeWallet({ root, name: 'w', coldkey: spec, hotkeys: { xpub: spec, 'xpub.txt': spec } }),
    ).rejects.toBeInstanceOf(InvalidKeyNameError);
  });

  it('round trips through Keystore.load', async () => {
    const written = await writeSample();
    const keystore = await Keystore.load({ root, logger: captureLogger().logger, env: {} });
    try {
      expect(keystore.signerCount).toBe(3);
      const message = new TextEncoder().encode('round trip');
      const signer = keystore.hotkey('validator', 'second');
      expect(signer.address).toBe(written.hotkeys.second);
      expect(sr25519Verify(message, signer.sign(message), signer.publicKey)).toBe(true);
      expect(keystore.coldkey('validator').address).toBe(written.coldkey);
    } finally {
      keystore.unload();
    }
  });
});

describe('readWalletPublicKeys', () => {
  let tree: TempRoot;

  beforeEach(() => {
    tree = makeTempRoot();
  });

  afterEach(() => {
    tree.cleanup();
  });

  it('reads the public key files', async () => {
    await writeWallet({
      root: tree.root,
      name: 'miner',
      coldkey: { mnemonic: VECTOR_MNEMONIC },
      hotkeys: { default: { mnemonic: OTHER_MNEMONICS[0] } },
    });
    expect(readWalletPublicKeys(tree.root, 'miner', 'default')).toEqual({
      coldkey: coldkey.address,
      hotkey: hotkeyA.address,
    });
  });

  it('reads bare hex and a hotkey without pub file', () => {
    tree.write(
      'old/coldkeypub.txt',
      '0x32939b6abc4d81f02dff04d2b8d1d01cc8e71c5e4c7492e4fa6a238cdca3512f',
    );
    tree.write('old/hotkeys/default', pythonKeyfile(hotkeyB, true));
    expect(readWalletPublicKeys(tree.root, 'old', 'default')).toEqual({
      coldkey: '5DD26kC2kxajmwfbbZmVmxhrY9VeeyR1Gpzy9i8wxLUg6zxm',
      hotkey: hotkeyB.address,
    });
  });

  it('derives from a key file without public fields', () => {
    tree.write('w/coldkey', compactKeyfile(coldkey, ['seedHex']));
    tree.write('w/hotkeys/h', compactKeyfile(hotkeyA, ['privateKeyHex']));
    expect(readWalletPublicKeys(tree.root, 'w', 'h')).toEqual({
      coldkey: coldkey.address,
      hotkey: hotkeyA.address,
    });
  });

  it('rejects an encrypted coldkey without pub file', () => {
    tree.write('w/coldkey', '$NACL' + 'x'.repeat(80));
    tree.write('w/hotkeys/h', compactKeyfile(hotkeyA, ['public']));
    expect(() => readWalletPublicKeys(tree.root, 'w', 'h')).toThrow(/encrypted/);
  });

  it('throws KeyNotFoundError for a missing hotkey', () => {
    tree.write('w/coldkeypub.txt', compactKeyfile(coldkey, ['public']));
    expect(() => readWalletPublicKeys(tree.root, 'w', 'nohotkey')).toThrow(KeyNotFoundError);
  });

  it('rejects traversal names', () => {
    expect(() => readWalletPublicKeys(tree.root, '../..', 'h')).toThrow(InvalidKeyNameError);
    expect(() => readWalletPublicKeys(tree.root, 'w', '../../etc/passwd')).toThrow(
      InvalidKeyNameError,
    );
  });
});
