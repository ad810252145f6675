import { existsSync } from 'node:fs';
import path from 'node:path';
import { mnemonicGenerate } from '@polkadot/util-crypto';
import { readWalletPublicKeys, writeWallet } from '../keystore/index.js';
import type { Logger } from '../log/logger.js';

/** Names of the wallets the devnet creates, each with one hotkey called `default`. */
export const DEV_WALLET_NAMES = ['validator', 'miner', 'miner2'] as const;
export const DEV_HOTKEY_NAME = 'default';

export interface DevWallet {
  name: string;
  coldkey: string;
  hotkey: string;
  /** False when the wallet already existed and was reused untouched. */
  created: boolean;
}

/**
 * Makes sure each dev wallet exists under `root`. An existing wallet is
 * reused and never overwritten, because the default root is the operator's
 * real `~/.bittensor/wallets`.
 */
export async function prepareDevWallets(
  root: string,
  names: readonly string[],
  password: string | undefined,
  logger: Logger,
): Promise<DevWallet[]> {
  const creates = names.some((name) => !existsSync(path.join(root, name)));
  if (!password && creates) {
    logger.warn(
      { walletPath: root },
      'WALLET_PASSWORD is not set; new dev coldkeys are written unencrypted',
    );
  }
  const wallets: DevWallet[] = [];
  for (const name of names) {
    wallets.push(await prepareWallet(root, name, password, logger));
  }
  return wallets;
}

async function prepareWallet(
  root: string,
  name: string,
  password: string | undefined,
  logger: Logger,
): Promise<DevWallet> {
  const walletDir = path.join(root, name);
  if (existsSync(walletDir)) {
    const keys = readWalletPublicKeys(root, name, DEV_HOTKEY_NAME);
    logger.info({ wallet: name, coldkey: keys.coldkey, hotkey: keys.hotkey }, 'reusing wallet');
    return { name, coldkey: keys.coldkey, hotkey: keys.hotkey, created: false };
  }
  const written = await writeWallet({
    root,
    name,
    coldkey: { mnemonic: mnemonicGenerate(12) },
    hotkeys: { [DEV_HOTKEY_NAME]: { mnemonic: mnemonicGenerate(12) } },
    password,
  });
  const hotkey = written.hotkeys[DEV_HOTKEY_NAME];
  if (hotkey === undefined) {
    throw new Error(`wallet ${name} was written without its ${DEV_HOTKEY_NAME} hotkey`);
  }
  logger.info({ wallet: name, coldkey: written.coldkey, hotkey }, 'created wallet');
  return { name, coldkey: written.coldkey, hotkey, created: true };
}
