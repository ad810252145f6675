import path from 'node:path';
import { waitReady as waitForWasmCrypto } from '@polkadot/wasm-crypto';
import type { Logger } from '../log/logger.js';
import { DerivationPool } from './derivation-pool.js';
import { KeyNotFoundError, KeyUnavailableError } from './errors.js';
import type { LoadContext } from './key-loader.js';
import { assertValidName } from './names.js';
import { readPasswordFile, type PasswordSources } from './password-source.js';
import { SignPool } from './sign-pool.js';
import type { KeySigner } from './signer.js';
import type { KeyStatus, WalletStatus } from './status.js';
import type { SignerHandle } from './key-signer.js';
import { HOTKEYS_DIR } from './layout.js';
import { loadWallet, type LoadedKey, type LoadedWallet } from './wallet-loader.js';
import { findWalletNames, readWalletRoot } from './wallet-root.js';

export interface KeystoreOptions {
  /** Wallet root in the btcli layout, such as `~/.bittensor/wallets` with `~` expanded. */
  root: string;
  logger: Logger;
  /**
   * YAML or JSON mapping of wallet name to coldkey password, and of
   * `<wallet>/<hotkey>` to the password of an encrypted hotkey. Optional:
   * btwallet's `BT_PW_<PATH>` variables in `env` also give passwords.
   */
  passwordFile?: string;
  /** Environment searched for `BT_PW_` variables; default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /**
   * Maximum number of Argon2i derivations running at once, each in its own
   * worker thread with about 570 MB of memory. Default: one per CPU, limited
   * by free memory.
   */
  unlockConcurrency?: number;
  /**
   * Fail key files (and the password file) that group or others can access
   * with `INSECURE_PERMISSIONS` instead of warning; default false.
   */
  rejectInsecurePermissions?: boolean;
  /** Worker threads that sign large batches (`signBatch`); default one per CPU. */
  signWorkers?: number;
}

const UNLOADED_ERROR = {
  code: 'KEYSTORE_UNLOADED',
  message:
    'The keystore was unloaded and contains no secret keys; restart the service to load them',
} as const;

async function readPasswordSources(
  options: KeystoreOptions,
  context: Omit<LoadContext, 'passwords' | 'derivations'>,
): Promise<PasswordSources> {
  const env = options.env ?? process.env;
  if (options.passwordFile === undefined) {
    return { file: new Map(), filePath: undefined, env };
  }
  const filePath = path.resolve(options.passwordFile);
  return { file: await readPasswordFile(filePath, context), filePath, env };
}

/**
 * Every key of the wallets under one root, loaded once at start. Callers get
 * `KeySigner` objects and public status only; no method returns key material.
 */
export class Keystore {
  private unloaded = false;

  private constructor(
    private readonly walletsByName: ReadonlyMap<string, LoadedWallet>,
    private readonly logger: Logger,
    private readonly signPool: SignPool,
  ) {}

  /**
   * Loads every wallet under `options.root`. One bad key never fails the
   * load: it stays in the keystore with its error. Throws `KeystoreError`
   * `WALLET_PATH_INVALID` for a missing or unreadable root, and
   * `PasswordSourceError` for a password file that is set but unreadable or
   * invalid, because the encrypted keys would otherwise stay locked with no
   * clear cause.
   */
  static async load(options: KeystoreOptions): Promise<Keystore> {
    const root = path.resolve(options.root);
    const signPool = new SignPool(options.signWorkers);
    await waitForWasmCrypto();
    const policy = {
      logger: options.logger,
      rejectInsecurePermissions: options.rejectInsecurePermissions ?? false,
      warnedPaths: new Set<string>(),
    };
    const entries = await readWalletRoot(root);
    const passwords = await readPasswordSources(options, policy);
    const derivations = new DerivationPool(options.unlockConcurrency);
    const context: LoadContext = { ...policy, passwords, derivations };

    const walletsByName = new Map<string, LoadedWallet>();
    try {
      const names = await findWalletNames(root, entries, options.logger);
      const wallets = await Promise.all(names.map((name) => loadWallet(context, root, name)));
      for (const wallet of wallets) {
        walletsByName.set(wallet.name, wallet);
      }
    } finally {
      await derivations.wipe();
    }

    const keystore = new Keystore(walletsByName, options.logger, signPool);
    options.logger.info(
      { root, wallets: walletsByName.size, signers: keystore.signerCount },
      'keystore loaded',
    );
    return keystore;
  }

  /** Returns the signer of a hotkey; throws when the key is unknown or cannot sign. */
  hotkey(wallet: string, hotkey: string): KeySigner {
    return this.signerOf(this.findHotkey(wallet, hotkey), `Hotkey ${hotkey} of wallet ${wallet}`);
  }

  /**
   * Signs every message with a hotkey; large batches are split over worker
   * threads. Throws as `hotkey()` does, before signing anything.
   */
  signBatch(
    wallet: string,
    hotkey: string,
    messages: readonly Uint8Array[],
  ): Promise<Uint8Array[]> {
    const handle = this.handleOf(
      this.findHotkey(wallet, hotkey),
      `Hotkey ${hotkey} of wallet ${wallet}`,
    );
    return handle.signBatch(messages, this.signPool);
  }

  /** Returns the signer of a wallet's coldkey; throws when it is unknown or cannot sign. */
  coldkey(wallet: string): KeySigner {
    return this.signerOf(this.findWallet(wallet).coldkey, `Coldkey of wallet ${wallet}`);
  }

  hotkeyStatus(wallet: string, hotkey: string): KeyStatus {
    return this.statusOf(this.findHotkey(wallet, hotkey));
  }

  coldkeyStatus(wallet: string): KeyStatus {
    return this.statusOf(this.findWallet(wallet).coldkey);
  }

  /** Returns the public status of every wallet, sorted by name. */
  wallets(): WalletStatus[] {
    return [...this.walletsByName.values()].map((wallet) => ({
      name: wallet.name,
      coldkey: this.statusOf(wallet.coldkey),
      hotkeys: [...wallet.hotkeys.values()].map((hotkey) => this.statusOf(hotkey)),
    }));
  }

  /** Number of keys that can sign. */
  get signerCount(): number {
    let count = 0;
    for (const key of this.allKeys()) {
      if (this.statusOf(key).canSign) {
        count++;
      }
    }
    return count;
  }

  /**
   * Zeroes every secret key and stops the sign workers. Signers handed out
   * before, and batches still being signed, throw `KeyUnavailableError` afterwards.
   */
  unload(): void {
    this.signPool.close();
    for (const key of this.allKeys()) {
      key.handle?.destroy();
    }
    if (!this.unloaded) {
      this.unloaded = true;
      this.logger.info({ wallets: this.walletsByName.size }, 'keystore unloaded');
    }
  }

  private *allKeys(): Generator<LoadedKey> {
    for (const wallet of this.walletsByName.values()) {
      yield wallet.coldkey;
      yield* wallet.hotkeys.values();
    }
  }

  private findWallet(wallet: string): LoadedWallet {
    assertValidName(wallet, 'wallet');
    const found = this.walletsByName.get(wallet);
    if (found === undefined) {
      throw new KeyNotFoundError(
        `Wallet ${wallet} is not in the keystore; create it with btcli under the wallet path and restart`,
      );
    }
    return found;
  }

  private findHotkey(wallet: string, hotkey: string): LoadedKey {
    assertValidName(hotkey, 'hotkey');
    const found = this.findWallet(wallet).hotkeys.get(hotkey);
    if (found === undefined) {
      throw new KeyNotFoundError(
        `Hotkey ${hotkey} of wallet ${wallet} is not in the keystore; ` +
          `create it with btcli in ${path.join(wallet, HOTKEYS_DIR)} and restart`,
      );
    }
    return found;
  }

  private statusOf(key: LoadedKey): KeyStatus {
    const status: KeyStatus = { ...key.status };
    if (key.status.error !== undefined) {
      status.error = { ...key.status.error };
    }
    if (this.unloaded && status.canSign) {
      status.canSign = false;
      status.error = { ...UNLOADED_ERROR };
    }
    return status;
  }

  private signerOf(key: LoadedKey, label: string): KeySigner {
    return this.handleOf(key, label).signer;
  }

  private handleOf(key: LoadedKey, label: string): SignerHandle {
    const error = this.statusOf(key).error;
    if (key.handle === undefined || error !== undefined) {
      const reason = error ?? UNLOADED_ERROR;
      throw new KeyUnavailableError(`${label} cannot sign: ${reason.message}`, reason.code);
    }
    return key.handle;
  }
}
