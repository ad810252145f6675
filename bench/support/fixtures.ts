import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { mnemonicGenerate } from '@polkadot/util-crypto';
import { writeWallet, type WalletKeySpec } from '../../src/keystore/index.js';

export interface TempDir {
  dir: string;
  remove(): void;
}

/** Creates a private temporary folder (mode 0700, as mkdtemp makes it). */
export function makeTempDir(label: string): TempDir {
  const dir = mkdtempSync(path.join(tmpdir(), `bench-${label}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Returns a random bearer token for one benchmark run. */
export function randomToken(): string {
  return `bench-${randomBytes(24).toString('hex')}`;
}

/** Name of hotkey `index` in a benchmark wallet: `hk000`, `hk001`, … */
export function hotkeyName(index: number): string {
  return `hk${String(index).padStart(3, '0')}`;
}

export interface BenchWallet {
  walletPath: string;
  name: string;
  hotkeys: string[];
  /** Password file of the coldkey, when it is encrypted. */
  passwordFile?: string;
}

/**
 * Writes one wallet with `hotkeyCount` plaintext hotkeys under `walletPath`,
 * as btcli writes them. With `coldkeyPassword` the coldkey is `$NACL`
 * encrypted and a password file for it is written next to the wallets.
 */
export async function writeBenchWallet(
  walletPath: string,
  name: string,
  hotkeyCount: number,
  coldkeyPassword?: string,
): Promise<BenchWallet> {
  const hotkeys: Record<string, WalletKeySpec> = {};
  for (let index = 0; index < hotkeyCount; index++) {
    hotkeys[hotkeyName(index)] = { mnemonic: mnemonicGenerate(12) };
  }
  await writeWallet({
    root: walletPath,
    name,
    coldkey: { mnemonic: mnemonicGenerate(12) },
    hotkeys,
    password: coldkeyPassword,
  });
  const wallet: BenchWallet = { walletPath, name, hotkeys: Object.keys(hotkeys) };
  if (coldkeyPassword) {
    wallet.passwordFile = path.join(path.dirname(walletPath), 'passwords.json');
    writeFileSync(wallet.passwordFile, JSON.stringify({ [name]: coldkeyPassword }), {
      mode: 0o600,
    });
  }
  return wallet;
}

/** Body of a sign request with `count` hex messages of `bytes` random bytes each. */
export function signBody(wallet: string, hotkey: string, count: number, bytes = 64): string {
  const messages = Array.from({ length: count }, () => ({
    data: `0x${randomBytes(bytes).toString('hex')}`,
    encoding: 'hex',
  }));
  return JSON.stringify({ wallet_name: wallet, hotkey_name: hotkey, messages });
}

/**
 * Makes a private folder on tmpfs (/dev/shm), where fsync returns at once, to
 * measure what the fsync of each audit commit costs.
 */
export function makeTmpfsDir(label: string): TempDir {
  const dir = mkdtempSync(`/dev/shm/bench-${label}-`);
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
