import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../log/logger.js';
import { KeystoreError } from './errors.js';
import { COLDKEY_FILE, COLDKEYPUB_FILE, HOTKEYS_DIR } from './layout.js';
import { nameProblem } from './names.js';

/**
 * Lists the wallet root. Throws `WALLET_PATH_INVALID`, naming the path and the
 * fix, when the root is missing, not a directory or unreadable.
 */
export async function readWalletRoot(root: string): Promise<Dirent[]> {
  try {
    const stats = await stat(root);
    if (!stats.isDirectory()) {
      throw new KeystoreError(
        'WALLET_PATH_INVALID',
        `Wallet path ${root} is not a directory; set the wallet path to the folder that contains the wallets`,
      );
    }
    return await readdir(root, { withFileTypes: true });
  } catch (error) {
    if (error instanceof KeystoreError) {
      throw error;
    }
    const code = (error as NodeJS.ErrnoException).code;
    const fix =
      code === 'ENOENT'
        ? 'create wallets there with btcli or set the wallet path to the folder that contains them'
        : 'give the service user read and execute access to it';
    throw new KeystoreError(
      'WALLET_PATH_INVALID',
      `Wallet path ${root} cannot be read (${code ?? 'unknown error'}); ${fix}`,
      { cause: error },
    );
  }
}

/** Returns whether a folder is a wallet, meaning it has a coldkey, coldkeypub.txt or hotkeys folder. */
async function isWalletDir(dir: string): Promise<boolean> {
  for (const name of [COLDKEY_FILE, COLDKEYPUB_FILE, HOTKEYS_DIR]) {
    try {
      await stat(path.join(dir, name));
      return true;
    } catch {
      // Missing or unreadable: try the next marker.
    }
  }
  return false;
}

/** Returns the sorted names of the wallet folders among `entries`; hidden folders are skipped. */
export async function findWalletNames(
  root: string,
  entries: Dirent[],
  logger: Logger,
): Promise<string[]> {
  const names: string[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith('.') || !(entry.isDirectory() || entry.isSymbolicLink())) {
      continue;
    }
    if (nameProblem(entry.name) !== undefined) {
      logger.warn({ path: path.join(root, entry.name) }, 'wallet folder skipped: unsafe name');
      continue;
    }
    if (await isWalletDir(path.join(root, entry.name))) {
      names.push(entry.name);
    }
  }
  return names.sort();
}
