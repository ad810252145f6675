import { chmodSync } from 'node:fs';
import path from 'node:path';
import { mnemonicGenerate } from '@polkadot/util-crypto';
import { writeWallet, type WrittenWallet } from '../../src/keystore/index.js';
import type { Logger } from '../../src/log/logger.js';
import { createToken, type NewTokenSpec } from '../../src/security/token-admin.js';
import type { ServiceConfig, TlsFiles } from '../../src/service/config.js';
import { startService, type RunningService } from '../../src/service/server.js';
import { freePort } from '../helpers/devnet-process.js';
import { FAST_SCRYPT } from '../security/helpers.js';

export interface ScopedServiceOptions {
  walletPath: string;
  tokenFile: string;
  /** Folder for the audit database. */
  dataDir: string;
  logger: Logger;
  passwordFile?: string;
  /** MANAGE_SERVICE_TOKEN accepted next to the token file; none when absent. */
  legacyToken?: string;
  tls?: TlsFiles;
  bodyLimit?: number;
}

/**
 * Returns the address of a chain that does not run: a port that was free a
 * moment ago. Transaction routes then pass authentication, scope and
 * validation and return 503, so an allowed request differs from a rejected one.
 */
export async function unusedChainEndpoint(): Promise<string> {
  return `ws://127.0.0.1:${await freePort()}`;
}

/** Starts the real service on 127.0.0.1 with a free port and the token file as credentials. */
export async function startScopedService(options: ScopedServiceOptions): Promise<RunningService> {
  const config: ServiceConfig = {
    host: '127.0.0.1',
    port: 0,
    walletPath: options.walletPath,
    passwordFile: options.passwordFile,
    chainEndpoint: await unusedChainEndpoint(),
    auditDb: path.join(options.dataDir, 'audit.sqlite'),
    txTimeoutMs: 5_000,
    eraPeriod: 64,
    logLevel: 'debug',
    heapGrowingPercent: 0,
    token:
      options.legacyToken === undefined
        ? undefined
        : { value: options.legacyToken, isDefault: false },
    tokenFile: options.tokenFile,
    allowInsecurePermissions: false,
    tls: options.tls,
    bodyLimit: options.bodyLimit,
  };
  return startService(config, options.logger);
}

/** Adds a token to `file` with the cheapest scrypt cost and returns its secret. */
export function addToken(
  file: string,
  spec: Partial<NewTokenSpec> & Pick<NewTokenSpec, 'id' | 'operations'>,
): string {
  const secret = createToken(
    file,
    { wallets: ['*'], hotkeys: [], coldkey: false, ...spec },
    { scrypt: FAST_SCRYPT },
  );
  // createToken writes 0600 already; the chmod guards against a umask surprise.
  chmodSync(file, 0o600);
  return secret;
}

/** Mnemonics and addresses of one written test wallet. */
export interface TestWallet {
  name: string;
  coldMnemonic: string;
  hotMnemonics: Record<string, string>;
  addresses: WrittenWallet;
}

/** Writes a wallet with fresh mnemonics; the coldkey is encrypted when `password` is set. */
export async function writeTestWallet(
  root: string,
  name: string,
  hotkeys: readonly string[],
  password?: string,
): Promise<TestWallet> {
  const coldMnemonic = mnemonicGenerate(12);
  const hotMnemonics = Object.fromEntries(hotkeys.map((hotkey) => [hotkey, mnemonicGenerate(12)]));
  const addresses = await writeWallet({
    root,
    name,
    coldkey: { mnemonic: coldMnemonic },
    hotkeys: Object.fromEntries(
      Object.entries(hotMnemonics).map(([hotkey, mnemonic]) => [hotkey, { mnemonic }]),
    ),
    password,
  });
  return { name, coldMnemonic, hotMnemonics, addresses };
}
