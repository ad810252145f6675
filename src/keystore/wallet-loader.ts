import type { Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { u8aEq } from '@polkadot/util';
import { encodeAddress } from '@polkadot/util-crypto';
import { KeyfileError, toKeyfileError } from './errors.js';
import { fileAccessError, readPublicFileSync } from './file-access.js';
import { loadSecretKey, type LoadContext } from './key-loader.js';
import { publicKeyOf } from './key-material.js';
import { SS58_PREFIX, type KeyIdentity, type SignerHandle } from './key-signer.js';
import { parsePublicKeyfile } from './keyfile-format.js';
import { COLDKEY_FILE, COLDKEYPUB_FILE, HOTKEY_PUB_SUFFIX, HOTKEYS_DIR } from './layout.js';
import { nameProblem } from './names.js';
import type { KeyStatus } from './status.js';

/** One key after loading: its public status, and its signer when it can sign. */
export interface LoadedKey {
  status: KeyStatus;
  handle: SignerHandle | undefined;
}

export interface LoadedWallet {
  name: string;
  coldkey: LoadedKey;
  /** Keyed by hotkey name. */
  hotkeys: Map<string, LoadedKey>;
}

/** Paths of one key: the secret key file and its public key file. */
interface KeyPaths {
  keyfile: string;
  pubfile: string;
}

/** Reads a public key file; returns `undefined` when it is missing or invalid (logged). */
function readOptionalPublicKey(context: LoadContext, pubfile: string): Uint8Array | undefined {
  try {
    return publicKeyOf(parsePublicKeyfile(readPublicFileSync(pubfile), pubfile), pubfile);
  } catch (error) {
    const keyfileError = toKeyfileError(error, pubfile);
    if (keyfileError.code !== 'KEYFILE_MISSING') {
      context.logger.warn(
        { path: pubfile, code: keyfileError.code, reason: keyfileError.message },
        'public key file ignored',
      );
    }
    return undefined;
  }
}

function failedKey(
  identity: KeyIdentity,
  error: KeyfileError,
  publicKey: Uint8Array | undefined,
): LoadedKey {
  const status: KeyStatus = {
    name: identity.keyName,
    role: identity.role,
    address: publicKey === undefined ? undefined : encodeAddress(publicKey, SS58_PREFIX),
    canSign: false,
    error: { code: error.code, message: error.message },
  };
  if (status.address === undefined) {
    delete status.address;
  }
  return { status, handle: undefined };
}

function missingKeyError(paths: KeyPaths, hasPublicKey: boolean): KeyfileError {
  const message = hasPublicKey
    ? `Key file ${paths.keyfile} does not exist, only its public key file ${paths.pubfile}, ` +
      'so this key cannot sign; copy the key file there to sign with it'
    : `Neither ${paths.keyfile} nor ${paths.pubfile} exists; create or restore the key with btcli`;
  return new KeyfileError('KEYFILE_MISSING', paths.keyfile, message);
}

function mismatchError(paths: KeyPaths): KeyfileError {
  return new KeyfileError(
    'PUBLIC_KEY_MISMATCH',
    paths.keyfile,
    `Key file ${paths.keyfile} and public key file ${paths.pubfile} name different keys; ` +
      'one of them was replaced or damaged, restore both from the mnemonic',
  );
}

/**
 * Loads one key and checks it against its public key file, which nodes and
 * btcli trust for the address, so a mismatch disables signing.
 */
async function loadKey(
  context: LoadContext,
  identity: KeyIdentity,
  paths: KeyPaths,
  passwordEntry: string,
): Promise<LoadedKey> {
  const publicKey = readOptionalPublicKey(context, paths.pubfile);
  let handle: SignerHandle;
  try {
    handle = await loadSecretKey(context, identity, paths.keyfile, passwordEntry);
  } catch (error) {
    const keyfileError = toKeyfileError(error, paths.keyfile);
    const reported =
      keyfileError.code === 'KEYFILE_MISSING'
        ? missingKeyError(paths, publicKey !== undefined)
        : keyfileError;
    return failedKey(identity, reported, publicKey);
  }

  if (publicKey !== undefined && !u8aEq(publicKey, handle.signer.publicKey)) {
    handle.destroy();
    return failedKey(identity, mismatchError(paths), publicKey);
  }
  const status: KeyStatus = {
    name: identity.keyName,
    role: identity.role,
    address: handle.signer.address,
    canSign: true,
  };
  return { status, handle };
}

function logFailure(context: LoadContext, wallet: string, key: LoadedKey): void {
  const error = key.status.error;
  if (error === undefined) {
    return;
  }
  const details = { wallet, key: key.status.name, code: error.code, reason: error.message };
  // A wallet without its coldkey is the normal setup of a hotkey-only host.
  if (error.code === 'KEYFILE_MISSING' && key.status.address !== undefined) {
    context.logger.info(details, 'key cannot sign');
  } else {
    context.logger.warn(details, 'key cannot sign');
  }
}

function isFileEntry(entry: Dirent): boolean {
  return entry.isFile() || entry.isSymbolicLink();
}

/**
 * Returns the hotkey names of a wallet: every file in `hotkeys/`, plus hotkeys
 * that have only a `<name>pub.txt` file. A file ending in `pub.txt` is always
 * taken as a public key file. Hidden files and unsafe names are skipped.
 */
async function listHotkeyNames(
  context: LoadContext,
  wallet: string,
  hotkeysDir: string,
): Promise<string[]> {
  let entries: Dirent[];
  try {
    entries = await readdir(hotkeysDir, { withFileTypes: true });
  } catch (error) {
    const failure = fileAccessError(error, hotkeysDir);
    if (failure.code !== 'KEYFILE_MISSING') {
      context.logger.warn(
        { wallet, path: hotkeysDir, code: failure.code, reason: failure.message },
        'hotkeys folder unreadable',
      );
    }
    return [];
  }

  const names = new Set<string>();
  for (const entry of entries) {
    if (!isFileEntry(entry) || entry.name.startsWith('.')) {
      continue;
    }
    const name = entry.name.endsWith(HOTKEY_PUB_SUFFIX)
      ? entry.name.slice(0, -HOTKEY_PUB_SUFFIX.length)
      : entry.name;
    if (nameProblem(name) !== undefined) {
      context.logger.warn(
        { wallet, path: path.join(hotkeysDir, entry.name) },
        'hotkey file skipped: unsafe name',
      );
      continue;
    }
    names.add(name);
  }
  return [...names].sort();
}

async function loadHotkeys(
  context: LoadContext,
  wallet: string,
  walletDir: string,
): Promise<Map<string, LoadedKey>> {
  const hotkeysDir = path.join(walletDir, HOTKEYS_DIR);
  const names = await listHotkeyNames(context, wallet, hotkeysDir);
  const loaded = await Promise.all(
    names.map((name) =>
      loadKey(
        context,
        { wallet, keyName: name, role: 'hotkey' },
        {
          keyfile: path.join(hotkeysDir, name),
          pubfile: path.join(hotkeysDir, `${name}${HOTKEY_PUB_SUFFIX}`),
        },
        `${wallet}/${name}`,
      ),
    ),
  );
  return new Map(names.map((name, i) => [name, loaded[i] as LoadedKey]));
}

/** Loads the coldkey and every hotkey of the wallet in `<root>/<wallet>`; never throws for a key. */
export async function loadWallet(
  context: LoadContext,
  root: string,
  wallet: string,
): Promise<LoadedWallet> {
  const walletDir = path.join(root, wallet);
  const [coldkey, hotkeys] = await Promise.all([
    loadKey(
      context,
      { wallet, keyName: COLDKEY_FILE, role: 'coldkey' },
      {
        keyfile: path.join(walletDir, COLDKEY_FILE),
        pubfile: path.join(walletDir, COLDKEYPUB_FILE),
      },
      wallet,
    ),
    loadHotkeys(context, wallet, walletDir),
  ]);

  logFailure(context, wallet, coldkey);
  for (const hotkey of hotkeys.values()) {
    logFailure(context, wallet, hotkey);
  }
  return { name: wallet, coldkey, hotkeys };
}
