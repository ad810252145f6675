import path from 'node:path';
import { encodeAddress } from '@polkadot/util-crypto';
import { KeyNotFoundError, KeyfileError } from './errors.js';
import { readPublicFileSync } from './file-access.js';
import { publicKeyOf, rebuildKeyPair } from './key-material.js';
import { SS58_PREFIX } from './key-signer.js';
import { wipeKeyfileData, type KeyfileData } from './keyfile-fields.js';
import { detectKeyfileEncoding, parseKeyfileJson, parsePublicKeyfile } from './keyfile-format.js';
import { assertValidName } from './names.js';
import { COLDKEY_FILE, COLDKEYPUB_FILE, HOTKEY_PUB_SUFFIX, HOTKEYS_DIR } from './layout.js';

function hasPublicField(data: KeyfileData): boolean {
  return (
    data.publicKey !== undefined || data.accountId !== undefined || data.ss58Address !== undefined
  );
}

/** Reads the public key of a plaintext key file, from its public fields when it has them. */
function publicKeyOfKeyfile(keyfile: string, pubfile: string): Uint8Array {
  const content = readPublicFileSync(keyfile);
  try {
    if (detectKeyfileEncoding(content) !== 'plaintext') {
      throw new KeyfileError(
        'KEYFILE_INVALID',
        keyfile,
        `Key file ${keyfile} is encrypted and its public key file ${pubfile} is missing; ` +
          'recreate the public key file with btcli',
      );
    }
    const data = parseKeyfileJson(content, keyfile);
    try {
      if (hasPublicField(data)) {
        return publicKeyOf(data, keyfile);
      }
      const pair = rebuildKeyPair(data, keyfile);
      pair.secretKey.fill(0);
      return pair.publicKey;
    } finally {
      wipeKeyfileData(data);
    }
  } finally {
    content.fill(0);
  }
}

function isMissing(error: unknown): boolean {
  return error instanceof KeyfileError && error.code === 'KEYFILE_MISSING';
}

/** Returns the SS58 address from `pubfile`, or from `keyfile` when `pubfile` is missing. */
function readAddress(label: string, pubfile: string, keyfile: string): string {
  try {
    const content = readPublicFileSync(pubfile);
    return encodeAddress(publicKeyOf(parsePublicKeyfile(content, pubfile), pubfile), SS58_PREFIX);
  } catch (error) {
    if (!isMissing(error)) {
      throw error;
    }
  }

  try {
    return encodeAddress(publicKeyOfKeyfile(keyfile, pubfile), SS58_PREFIX);
  } catch (error) {
    if (isMissing(error)) {
      throw new KeyNotFoundError(
        `${label} has no public key: neither ${pubfile} nor ${keyfile} exists; create it with btcli`,
      );
    }
    throw error;
  }
}

/**
 * Reads the SS58 addresses of a wallet's coldkey and of one hotkey from
 * `coldkeypub.txt` and `hotkeys/<hotkey>pub.txt`. When a public file is
 * missing, the plaintext key file gives the address: from its public fields,
 * or, when it has none, from its secret, which is zeroed after. Throws
 * `InvalidKeyNameError`, `KeyNotFoundError`, or `KeyfileError` for an
 * invalid file.
 */
export function readWalletPublicKeys(
  root: string,
  wallet: string,
  hotkey: string,
): { coldkey: string; hotkey: string } {
  assertValidName(wallet, 'wallet');
  assertValidName(hotkey, 'hotkey');
  const walletDir = path.join(path.resolve(root), wallet);
  const hotkeysDir = path.join(walletDir, HOTKEYS_DIR);

  return {
    coldkey: readAddress(
      `Coldkey of wallet ${wallet}`,
      path.join(walletDir, COLDKEYPUB_FILE),
      path.join(walletDir, COLDKEY_FILE),
    ),
    hotkey: readAddress(
      `Hotkey ${hotkey} of wallet ${wallet}`,
      path.join(hotkeysDir, `${hotkey}${HOTKEY_PUB_SUFFIX}`),
      path.join(hotkeysDir, hotkey),
    ),
  };
}
