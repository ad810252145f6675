import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { hexToU8a } from '@polkadot/util';
import { sr25519Verify } from '@polkadot/util-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  InvalidKeyNameError,
  KeyNotFoundError,
  Keystore,
  KeystoreError,
  KeyUnavailableError,
  PasswordSourceError,
  type KeyStatus,
} from '../../src/keystore/index.js';
import {
  OTHER_MNEMONICS,
  VECTOR_ADDRESS,
  VECTOR_MNEMONIC,
  captureLogger,
  compactKeyfile,
  makeTempRoot,
  pythonKeyfile,
  readsIgnoreFileModes,
  testKeyFromMnemonic,
  testKeyFromUri,
  type CapturedLogger,
  type TempRoot,
  type TestKey,
} from './helpers.js';

const vector = testKeyFromMnemonic(VECTOR_MNEMONIC);
const keys = OTHER_MNEMONICS.map(testKeyFromMnemonic) as [TestKey, TestKey, TestKey, TestKey];
const ALL_FIELDS = ['public', 'mnemonic', 'seedHex', 'privateKeyHex'] as const;

/** URI vectors of the wallet format notes, with the addresses they give. */
const URI_VECTORS = [
  ['alice', '//Alice', '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY'],
  [
    'mnemonicalice',
    `${VECTOR_MNEMONIC}//Alice`,
    '5FEiH8iuDUw271xbqWTWuB6WrDjv5dnCeDX1CyHubAniXDNN',
  ],
  ['bobtest', '//Bob/test', '5CJGwWiKXSE16WJaxBdPZhWqUYkotgenLUALv7ZvqQ4TXeqf'],
] as const;
const BARE_HEX_PUBLIC_KEY = '0x32939b6abc4d81f02dff04d2b8d1d01cc8e71c5e4c7492e4fa6a238cdca3512f';
const BARE_HEX_ADDRESS = '5DD26kC2kxajmwfbbZmVmxhrY9VeeyR1Gpzy9i8wxLUg6zxm';
const GROUP_READABLE = 'perm/hotkeys/open';

function buildRoot(tree: TempRoot): void {
  tree.write('compact/coldkey', compactKeyfile(vector, [...ALL_FIELDS]));
  tree.write('compact/coldkeypub.txt', compactKeyfile(vector, ['public']));
  tree.write('compact/hotkeys/default', compactKeyfile(keys[0], [...ALL_FIELDS]));
  tree.write('compact/hotkeys/defaultpub.txt', compactKeyfile(keys[0], ['public']));
  tree.write(
    'compact/hotkeys/seedonly',
    compactKeyfile(keys[1], ['public', 'seedHex', 'privateKeyHex']),
  );

  tree.write('python/coldkey', pythonKeyfile(keys[2], true));
  tree.write('python/coldkeypub.txt', pythonKeyfile(keys[2], false));
  tree.write('python/hotkeys/default', pythonKeyfile(keys[3], true));

  tree.write('oldpub/coldkeypub.txt', BARE_HEX_PUBLIC_KEY);
  tree.write('oldpub/hotkeys/default', pythonKeyfile(keys[3], true));

  for (const [name, uri] of URI_VECTORS) {
    tree.write(
      `uris/hotkeys/${name}`,
      compactKeyfile(testKeyFromUri(uri), ['public', 'privateKeyHex']),
    );
  }

  tree.write('legacy/coldkey', '$ANSIBLE_VAULT;1.1;AES256\n3133373133373133373133373133\n');
  tree.write('legacy/coldkeypub.txt', compactKeyfile(keys[0], ['public']));
  tree.write('legacy/hotkeys/fernet', 'gAAAAABlc2VjcmV0LWZlcm5ldC10b2tlbi1ib2R5LWhlcmU=');
  tree.write('legacy/hotkeys/default', compactKeyfile(keys[1], [...ALL_FIELDS]));

  tree.write('mismatch/coldkey', compactKeyfile(keys[0], ['seedHex']));
  tree.write('mismatch/coldkeypub.txt', compactKeyfile(keys[1], ['public']));

  // Public fields and seed of the vector key, but the mnemonic of another key.
  tree.write(
    'prefer/hotkeys/seedwins',
    JSON.stringify({
      ...JSON.parse(compactKeyfile(vector, ['public', 'seedHex'])),
      secretPhrase: keys[0].mnemonic,
    }),
  );
  tree.write(
    'prefer/hotkeys/badphrase',
    JSON.stringify({ secretSeed: keys[1].seedHex, secretPhrase: 'not a valid mnemonic at all' }),
  );

  // Broken JSON that still carries a seed, to check it never reaches a message.
  tree.write('invalid/hotkeys/broken', `{"secretSeed": "${keys[2].seedHex}"`);
  tree.write(
    'invalid/hotkeys/onlypub',
    compactKeyfile(keys[2], ['public']).replace('publicKey', 'x'),
  );
  tree.write('invalid/hotkeys/orphanpub.txt', compactKeyfile(keys[3], ['public']));

  tree.write(GROUP_READABLE, compactKeyfile(keys[2], ['seedHex']), 0o640);
  tree.write('perm/hotkeys/closed', compactKeyfile(keys[3], ['seedHex']));

  tree.write('notes/readme.txt', 'not a wallet');
  tree.write('.cache/coldkey', compactKeyfile(keys[0], ['seedHex']));
}

function statusOf(keystore: Keystore, wallet: string, hotkey?: string): KeyStatus {
  return hotkey === undefined
    ? keystore.coldkeyStatus(wallet)
    : keystore.hotkeyStatus(wallet, hotkey);
}

function expectSigns(keystore: Keystore, wallet: string, hotkey: string, address: string): void {
  const signer = hotkey === 'coldkey' ? keystore.coldkey(wallet) : keystore.hotkey(wallet, hotkey);
  const message = new TextEncoder().encode(`payload for ${wallet}/${hotkey}`);
  const signature = signer.sign(message);
  expect(signer.address).toBe(address);
  expect(sr25519Verify(message, signature, signer.publicKey)).toBe(true);
}

function thrown(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

describe('Keystore.load with plaintext wallets', () => {
  let tree: TempRoot;
  let keystore: Keystore;
  let log: CapturedLogger;

  beforeAll(async () => {
    tree = makeTempRoot();
    buildRoot(tree);
    log = captureLogger();
    keystore = await Keystore.load({ root: tree.root, logger: log.logger, env: {} });
  });

  afterAll(() => {
    keystore.unload();
    tree.cleanup();
  });

  it('finds every wallet folder', () => {
    expect(keystore.wallets().map((wallet) => wallet.name)).toEqual([
      'compact',
      'invalid',
      'legacy',
      'mismatch',
      'oldpub',
      'perm',
      'prefer',
      'python',
      'uris',
    ]);
  });

  it('loads btwallet compact JSON', () => {
    expectSigns(keystore, 'compact', 'coldkey', VECTOR_ADDRESS);
    expectSigns(keystore, 'compact', 'default', keys[0].address);
    expectSigns(keystore, 'compact', 'seedonly', keys[1].address);
  });

  it('loads Python JSON with nulls', () => {
    expectSigns(keystore, 'python', 'coldkey', keys[2].address);
    expectSigns(keystore, 'python', 'default', keys[3].address);
  });

  it('loads privateKey-only URI keys', () => {
    for (const [name, , address] of URI_VECTORS) {
      expectSigns(keystore, 'uris', name, address);
    }
  });

  it('serves hotkeys of a coldkeypub-only wallet', () => {
    const coldkey = statusOf(keystore, 'oldpub');
    expect(coldkey.address).toBe(BARE_HEX_ADDRESS);
    expect(coldkey.canSign).toBe(false);
    expect(coldkey.error?.code).toBe('KEYFILE_MISSING');
    expectSigns(keystore, 'oldpub', 'default', keys[3].address);
  });

  it('reports legacy formats per key', () => {
    const coldkey = statusOf(keystore, 'legacy');
    expect(coldkey.error?.code).toBe('LEGACY_FORMAT');
    expect(coldkey.error?.message).toMatch(/legacy format .*re-encrypt it with btcli/);
    expect(statusOf(keystore, 'legacy', 'fernet').error?.message).toMatch(/legacy format .*btcli/);
    expect(coldkey.address).toBe(keys[0].address);
    expect(statusOf(keystore, 'legacy', 'fernet').error?.code).toBe('LEGACY_FORMAT');
    expectSigns(keystore, 'legacy', 'default', keys[1].address);
  });

  it('rejects a coldkey that differs from coldkeypub', () => {
    const coldkey = statusOf(keystore, 'mismatch');
    expect(coldkey.canSign).toBe(false);
    expect(coldkey.error?.code).toBe('PUBLIC_KEY_MISMATCH');
    expect(coldkey.address).toBe(keys[1].address);
  });

  it('prefers the seed over the mnemonic', () => {
    expectSigns(keystore, 'prefer', 'seedwins', VECTOR_ADDRESS);
    expectSigns(keystore, 'prefer', 'badphrase', keys[1].address);
  });

  it('reports invalid key files per key', () => {
    expect(statusOf(keystore, 'invalid', 'broken').error?.code).toBe('KEYFILE_INVALID');
    expect(statusOf(keystore, 'invalid', 'onlypub').error?.code).toBe('KEYFILE_INVALID');
    const orphan = statusOf(keystore, 'invalid', 'orphan');
    expect(orphan.error?.code).toBe('KEYFILE_MISSING');
    expect(orphan.address).toBe(keys[3].address);
    expect(statusOf(keystore, 'invalid').error?.code).toBe('KEYFILE_MISSING');
  });

  it('warns once about a group-readable key', () => {
    const file = path.join(tree.root, GROUP_READABLE);
    const warnings = log.lines().filter((line) => line.path === file);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.level).toBe(40);
    expect(warnings[0]?.msg).toContain(`chmod 600 ${file}`);
    expectSigns(keystore, 'perm', 'open', keys[2].address);
    const closed = path.join(tree.root, 'perm/hotkeys/closed');
    expect(log.lines().some((line) => line.path === closed)).toBe(false);
  });

  it('counts the keys that can sign', () => {
    // compact 3, python 2, oldpub 1, uris 3, legacy 1, prefer 2, perm 2.
    expect(keystore.signerCount).toBe(14);
  });

  it('rejects traversal names', () => {
    expect(() => keystore.hotkey('../../etc', 'passwd')).toThrow(InvalidKeyNameError);
    expect(() => keystore.hotkey('compact', '../coldkey')).toThrow(InvalidKeyNameError);
    expect(() => keystore.coldkey('..')).toThrow(InvalidKeyNameError);
    expect(() => keystore.hotkeyStatus('compact', 'a/b')).toThrow(InvalidKeyNameError);
    expect(() => keystore.coldkeyStatus('.')).toThrow(InvalidKeyNameError);
  });

  it('throws KeyNotFoundError for unknown keys', () => {
    expect(() => keystore.coldkey('nowallet')).toThrow(KeyNotFoundError);
    expect(() => keystore.hotkey('compact', 'nohotkey')).toThrow(KeyNotFoundError);
    expect(() => keystore.hotkeyStatus('notes', 'x')).toThrow(KeyNotFoundError);
    expect(() => keystore.coldkey('.cache')).toThrow(KeyNotFoundError);
  });

  it('throws KeyUnavailableError with the reason', () => {
    const error = thrown(() => keystore.coldkey('legacy'));
    expect(error).toBeInstanceOf(KeyUnavailableError);
    expect((error as KeyUnavailableError).reason).toBe('LEGACY_FORMAT');
    expect((error as KeyUnavailableError).code).toBe('KEY_UNAVAILABLE');
  });

  it('keeps secrets out of logs and errors', () => {
    const texts = [log.text(), JSON.stringify(keystore.wallets())];
    for (const run of [
      () => keystore.coldkey('legacy'),
      () => keystore.coldkey('mismatch'),
      () => keystore.hotkey('invalid', 'broken'),
    ]) {
      texts.push(thrown(run).message);
    }
    const all = texts.join('\n');
    for (const key of [vector, ...keys]) {
      expect(all).not.toContain(key.mnemonic);
      expect(all).not.toContain(key.seedHex?.slice(2));
      expect(all).not.toContain(key.privateKeyHex.slice(2));
    }
  });
});

describe('Keystore options and failures', () => {
  let tree: TempRoot;

  beforeAll(() => {
    tree = makeTempRoot();
    tree.write('w/coldkeypub.txt', compactKeyfile(keys[0], ['public']));
    tree.write('w/hotkeys/open', compactKeyfile(keys[1], ['seedHex']), 0o644);
    tree.write('w/hotkeys/closed', compactKeyfile(keys[2], ['seedHex']));
  });

  afterAll(() => {
    tree.cleanup();
  });

  it('rejects insecure permissions when asked', async () => {
    const log = captureLogger();
    const keystore = await Keystore.load({
      root: tree.root,
      logger: log.logger,
      env: {},
      rejectInsecurePermissions: true,
    });
    const open = keystore.hotkeyStatus('w', 'open');
    expect(open.canSign).toBe(false);
    expect(open.error?.code).toBe('INSECURE_PERMISSIONS');
    expect(open.error?.message).toContain('chmod 600');
    expect(keystore.hotkeyStatus('w', 'closed').canSign).toBe(true);
    keystore.unload();
  });

  it.skipIf(readsIgnoreFileModes())(
    'reports an unreadable key file (skipped when running as root, which reads mode 000 files)',
    async () => {
      const file = tree.write('u/hotkeys/locked', compactKeyfile(keys[3], ['seedHex']));
      tree.write('u/hotkeys/fine', compactKeyfile(keys[0], ['seedHex']));
      chmodSync(file, 0o000);
      try {
        const keystore = await Keystore.load({
          root: tree.root,
          logger: captureLogger().logger,
          env: {},
        });
        const locked = keystore.hotkeyStatus('u', 'locked');
        expect(locked.error?.code).toBe('FILE_UNREADABLE');
        expect(locked.error?.message).toContain(file);
        expect(keystore.hotkeyStatus('u', 'fine').canSign).toBe(true);
        keystore.unload();
      } finally {
        chmodSync(file, 0o600);
      }
    },
  );

  it('warns about a group-readable password file', async () => {
    const passwordFile = tree.write('pw-open.yaml', 'w: some password', 0o644);
    const log = captureLogger();
    const keystore = await Keystore.load({
      root: tree.root,
      logger: log.logger,
      passwordFile,
      env: {},
    });
    const warnings = log.lines().filter((line) => line.path === passwordFile);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.msg).toContain(`chmod 600 ${passwordFile}`);
    keystore.unload();
  });

  it('rejects a group-readable password file when asked', async () => {
    const passwordFile = tree.write('pw-open2.yaml', 'w: some password', 0o640);
    const load = Keystore.load({
      root: tree.root,
      logger: captureLogger().logger,
      passwordFile,
      env: {},
      rejectInsecurePermissions: true,
    });
    await expect(load).rejects.toBeInstanceOf(PasswordSourceError);
    await expect(load).rejects.toThrow('chmod 600');
  });

  it('throws for an invalid or missing password file', async () => {
    const invalid = tree.write('pw-bad.yaml', '- just\n- a list');
    const missing = path.join(tree.root, 'pw-missing.yaml');
    for (const passwordFile of [invalid, missing]) {
      const load = Keystore.load({
        root: tree.root,
        logger: captureLogger().logger,
        passwordFile,
        env: {},
      });
      await expect(load).rejects.toMatchObject({ code: 'PASSWORD_SOURCE_INVALID' });
      await expect(load).rejects.toThrow(passwordFile);
    }
  });

  it('throws WALLET_PATH_INVALID for a missing root', async () => {
    const missing = path.join(tree.root, 'does-not-exist');
    const load = Keystore.load({ root: missing, logger: captureLogger().logger, env: {} });
    await expect(load).rejects.toBeInstanceOf(KeystoreError);
    await expect(load).rejects.toMatchObject({ code: 'WALLET_PATH_INVALID' });
    await expect(load).rejects.toThrow(missing);
  });

  it('throws WALLET_PATH_INVALID for a file root', async () => {
    const file = tree.write('plain-file', 'x');
    const load = Keystore.load({ root: file, logger: captureLogger().logger, env: {} });
    await expect(load).rejects.toMatchObject({ code: 'WALLET_PATH_INVALID' });
  });

  it('treats an empty hotkeys folder as no hotkeys', async () => {
    mkdirSync(path.join(tree.root, 'empty', 'hotkeys'), { recursive: true });
    const keystore = await Keystore.load({
      root: tree.root,
      logger: captureLogger().logger,
      env: {},
    });
    const wallet = keystore.wallets().find((entry) => entry.name === 'empty');
    expect(wallet?.hotkeys).toEqual([]);
    expect(wallet?.coldkey.error?.code).toBe('KEYFILE_MISSING');
    keystore.unload();
  });
});

describe('Keystore.unload', () => {
  it('makes every signer unusable', async () => {
    const tree = makeTempRoot();
    try {
      tree.write('w/coldkey', compactKeyfile(keys[0], ['seedHex']));
      tree.write('w/hotkeys/default', compactKeyfile(keys[1], ['seedHex']));
      const keystore = await Keystore.load({
        root: tree.root,
        logger: captureLogger().logger,
        env: {},
      });
      const hotkey = keystore.hotkey('w', 'default');
      const coldkey = keystore.coldkey('w');
      expect(keystore.signerCount).toBe(2);

      keystore.unload();
      expect(() => hotkey.sign(new Uint8Array([1, 2, 3]))).toThrow(KeyUnavailableError);
      expect(() => coldkey.sign(new Uint8Array([1, 2, 3]))).toThrow(KeyUnavailableError);
      expect(keystore.signerCount).toBe(0);
      expect(keystore.hotkeyStatus('w', 'default').canSign).toBe(false);
      expect(keystore.hotkeyStatus('w', 'default').address).toBe(keys[1].address);
      const error = thrown(() => keystore.hotkey('w', 'default'));
      expect((error as KeyUnavailableError).reason).toBe('KEYSTORE_UNLOADED');
    } finally {
      tree.cleanup();
    }
  });

  it('keeps the public key of a signer readable', async () => {
    const tree = makeTempRoot();
    try {
      tree.write('w/hotkeys/default', compactKeyfile(keys[1], ['seedHex']));
      writeFileSync(path.join(tree.root, 'w', 'coldkeypub.txt'), BARE_HEX_PUBLIC_KEY);
      const keystore = await Keystore.load({
        root: tree.root,
        logger: captureLogger().logger,
        env: {},
      });
      const signer = keystore.hotkey('w', 'default');
      keystore.unload();
      expect(signer.publicKey).toEqual(hexToU8a(keys[1].publicKeyHex));
    } finally {
      tree.cleanup();
    }
  });
});
