import { existsSync } from 'node:fs';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { u8aToHex } from '@polkadot/util';
import {
  encodeAddress,
  mnemonicToMiniSecret,
  mnemonicValidate,
  sr25519PairFromSeed,
} from '@polkadot/util-crypto';
import { deriveNaclKey } from './argon2-worker.js';
import { InvalidKeyNameError, KeystoreError } from './errors.js';
import { canonicalFromSecretKey } from './key-material.js';
import { SS58_PREFIX } from './key-signer.js';
import { assertValidName } from './names.js';
import { naclEncrypt } from './nacl.js';
import { COLDKEY_FILE, COLDKEYPUB_FILE, HOTKEY_PUB_SUFFIX, HOTKEYS_DIR } from './layout.js';

/** The secret a key is made from. */
export interface WalletKeySpec {
  mnemonic: string;
}

export interface WriteWalletOptions {
  root: string;
  name: string;
  coldkey: WalletKeySpec;
  hotkeys: Record<string, WalletKeySpec>;
  /** `$NACL`-encrypts the coldkey when set and not empty; hotkeys stay plaintext, as btcli writes them. */
  password?: string;
  /** Replaces existing key files; default false, which throws `KEYFILE_EXISTS`. */
  overwrite?: boolean;
}

/** Addresses of the written keys. */
export interface WrittenWallet {
  coldkey: string;
  hotkeys: Record<string, string>;
}

const FILE_MODE = 0o600;
const DIR_MODE = 0o700;

/** Keyfile contents of one key: JSON as btwallet 4.0.0 writes it, compact and with no `null`. */
interface KeyfileTexts {
  secret: Uint8Array;
  public: Uint8Array;
  address: string;
}

/**
 * Builds the key file and the public key file of a mnemonic: every field for
 * the key file, `accountId`, `publicKey` and `ss58Address` for the public one.
 * `privateKey` is the canonical schnorrkel form btwallet writes.
 */
function keyfileTexts(mnemonic: string, label: string): KeyfileTexts {
  if (!mnemonicValidate(mnemonic)) {
    throw new KeystoreError(
      'MNEMONIC_INVALID',
      `Mnemonic of ${label} is not a valid BIP39 mnemonic (English word list, valid checksum)`,
    );
  }

  const miniSecret = mnemonicToMiniSecret(mnemonic);
  const pair = sr25519PairFromSeed(miniSecret);
  const privateKey = canonicalFromSecretKey(pair.secretKey);
  const publicKey = u8aToHex(pair.publicKey);
  const address = encodeAddress(pair.publicKey, SS58_PREFIX);
  const encoder = new TextEncoder();
  try {
    const publicFields = { accountId: publicKey, publicKey, ss58Address: address };
    const secretFields = {
      ...publicFields,
      privateKey: u8aToHex(privateKey),
      secretPhrase: mnemonic,
      secretSeed: u8aToHex(miniSecret),
    };
    return {
      secret: encoder.encode(JSON.stringify(secretFields)),
      public: encoder.encode(JSON.stringify(publicFields)),
      address,
    };
  } finally {
    miniSecret.fill(0);
    pair.secretKey.fill(0);
    privateKey.fill(0);
  }
}

async function encryptWithPassword(plaintext: Uint8Array, password: string): Promise<Uint8Array> {
  const passwordBytes = new TextEncoder().encode(password);
  const key = await deriveNaclKey(passwordBytes);
  try {
    return await naclEncrypt(plaintext, key);
  } finally {
    key.fill(0);
    passwordBytes.fill(0);
  }
}

async function writeKeyfile(file: string, content: Uint8Array, overwrite: boolean): Promise<void> {
  try {
    await writeFile(file, content, { mode: FILE_MODE, flag: overwrite ? 'w' : 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      throw existsError(file);
    }
    throw error;
  }
  // The mode of writeFile applies only to new files and passes through the umask.
  await chmod(file, FILE_MODE);
}

function existsError(file: string): KeystoreError {
  return new KeystoreError(
    'KEYFILE_EXISTS',
    `Key file ${file} already exists; choose another wallet name or pass overwrite: true to replace it`,
  );
}

function checkHotkeyName(name: string): void {
  assertValidName(name, 'hotkey');
  if (name.endsWith(HOTKEY_PUB_SUFFIX)) {
    throw new InvalidKeyNameError(
      `Invalid hotkey name ${JSON.stringify(name)}: names ending in "${HOTKEY_PUB_SUFFIX}" ` +
        'are read as public key files; choose another name',
    );
  }
}

/** Files of one key: the key file and its public key file. */
interface KeyFiles {
  keyfile: string;
  pubfile: string;
}

function assertNoneExist(keys: KeyFiles[]): void {
  for (const { keyfile, pubfile } of keys) {
    for (const file of [keyfile, pubfile]) {
      if (existsSync(file)) {
        throw existsError(file);
      }
    }
  }
}

/**
 * Writes a wallet in the btwallet 4.0.0 layout: `coldkey`, `coldkeypub.txt`,
 * `hotkeys/<name>` and `hotkeys/<name>pub.txt`, files mode 0600 without a
 * trailing newline, new folders mode 0700. Returns the SS58 addresses.
 */
export async function writeWallet(options: WriteWalletOptions): Promise<WrittenWallet> {
  assertValidName(options.name, 'wallet');
  const hotkeyNames = Object.keys(options.hotkeys);
  hotkeyNames.forEach(checkHotkeyName);

  const walletDir = path.join(path.resolve(options.root), options.name);
  const hotkeysDir = path.join(walletDir, HOTKEYS_DIR);
  const coldkeyFiles: KeyFiles = {
    keyfile: path.join(walletDir, COLDKEY_FILE),
    pubfile: path.join(walletDir, COLDKEYPUB_FILE),
  };
  const hotkeyFiles = hotkeyNames.map((name) => ({
    name,
    keyfile: path.join(hotkeysDir, name),
    pubfile: path.join(hotkeysDir, `${name}${HOTKEY_PUB_SUFFIX}`),
  }));
  const overwrite = options.overwrite ?? false;
  // Checked before the slow encryption; the exclusive writes below catch a race.
  if (!overwrite) {
    assertNoneExist([coldkeyFiles, ...hotkeyFiles]);
  }

  const label = `wallet ${options.name}`;
  const coldkey = keyfileTexts(options.coldkey.mnemonic, `the coldkey of ${label}`);
  const hotkeys = hotkeyFiles.map((files) => ({
    files,
    texts: keyfileTexts(
      (options.hotkeys[files.name] as WalletKeySpec).mnemonic,
      `hotkey ${files.name} of ${label}`,
    ),
  }));
  const secrets = [coldkey.secret, ...hotkeys.map(({ texts }) => texts.secret)];
  try {
    const coldkeyContent = options.password
      ? await encryptWithPassword(coldkey.secret, options.password)
      : coldkey.secret;
    secrets.push(coldkeyContent);

    await mkdir(hotkeysDir, { recursive: true, mode: DIR_MODE });
    await writeKeyfile(coldkeyFiles.keyfile, coldkeyContent, overwrite);
    await writeKeyfile(coldkeyFiles.pubfile, coldkey.public, overwrite);
    for (const { files, texts } of hotkeys) {
      await writeKeyfile(files.keyfile, texts.secret, overwrite);
      await writeKeyfile(files.pubfile, texts.public, overwrite);
    }
  } finally {
    for (const secret of secrets) {
      secret.fill(0);
    }
  }

  return {
    coldkey: coldkey.address,
    hotkeys: Object.fromEntries(hotkeys.map(({ files, texts }) => [files.name, texts.address])),
  };
}
