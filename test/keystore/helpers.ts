import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { DEV_PHRASE } from '@polkadot/keyring';
import { u8aToHex } from '@polkadot/util';
import {
  encodeAddress,
  keyExtractSuri,
  keyFromPath,
  mnemonicToMiniSecret,
  sr25519PairFromSeed,
} from '@polkadot/util-crypto';
import { createLogger, type Logger } from '../../src/log/logger.js';

/** Vectors of the wallet format notes (btwallet 4.0.0 and the Python client). */
export const VECTOR_MNEMONIC =
  'old leopard transfer rib spatial phone calm indicate online fire caution review';
export const VECTOR_ADDRESS = '5HDvhV6WDCjCKyrXqGQSDYqQAzkzabNhctmiDYEqgBC66BsX';
export const VECTOR_PUBLIC_KEY =
  '0xe4359ad3e2716c539a1d663ebd0a51bdc5c98a12e663bb4c4402db47828c9446';
export const VECTOR_MINI_SECRET =
  '0xda3cf5b1e9144931a0f0db65664aab662673b099415a7f8121b7245fb0be4143';
export const VECTOR_PRIVATE_KEY =
  '0x1f1995bdf3a17b60626a26cfe6f564b337d46056b7a1281b64c649d592ccda0a' +
  '9cffd34d9fb01cae1fba61aeed184c817442a2186d5172416729a4b54dd4b84e';
export const VECTOR_PASSWORD = 'thisisafakepassword';
export const VECTOR_ARGON2_KEY = 'a17c46ecafdd501ecb1da0651d35abfecf60df14bffa8e949f58aaecd75cb3c8';
/** `$NACL` file encrypted with VECTOR_PASSWORD and nonce bytes 0..23. */
export const VECTOR_NACL_FILE_BASE64 =
  'JE5BQ0wAAQIDBAUGBwgJCgsMDQ4PEBESExQVFheMGK529nIOzGMETvkjiPjmqBibacWWhg9SQKm+K7Y/yzVqf2EM' +
  'foUKCnbT5e0JBeJSrxnwoES1TpcVcqJFNHLIVk6OnVWQsr4p0gAl9Z4HNx594WNcZ+NXu3xzLEsEA35rK1s=';
export const VECTOR_NACL_PLAINTEXT = `{"secretSeed":"${VECTOR_MINI_SECRET}"}`;

/** Other known mnemonics for tests, valid BIP39. */
export const OTHER_MNEMONICS = [
  'legal winner thank year wave sausage worth useful legal winner thank yellow',
  'letter advice cage absurd amount doctor acoustic avoid letter advice cage above',
  'zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo wrong',
  'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about',
] as const;

/** Public and secret forms of one test key, computed with @polkadot/util-crypto only. */
export interface TestKey {
  mnemonic?: string;
  seedHex?: string;
  /** Canonical schnorrkel form (scalar, then nonce), as btwallet writes it. */
  privateKeyHex: string;
  publicKeyHex: string;
  address: string;
}

/** Shifts a 32-byte little-endian scalar right by 3 bits (polkadot-js form to canonical). */
function divideByCofactor(scalar: Uint8Array): Uint8Array {
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) {
    const low = (scalar[i] ?? 0) >> 3;
    const high = ((scalar[i + 1] ?? 0) & 0x07) << 5;
    out[i] = low | high;
  }
  return out;
}

function testKeyFromPair(
  pair: { publicKey: Uint8Array; secretKey: Uint8Array },
  extra: Partial<TestKey>,
): TestKey {
  const canonical = new Uint8Array(64);
  canonical.set(divideByCofactor(pair.secretKey.subarray(0, 32)), 0);
  canonical.set(pair.secretKey.subarray(32), 32);
  return {
    ...extra,
    privateKeyHex: u8aToHex(canonical),
    publicKeyHex: u8aToHex(pair.publicKey),
    address: encodeAddress(pair.publicKey, 42),
  };
}

export function testKeyFromMnemonic(mnemonic: string): TestKey {
  const seed = mnemonicToMiniSecret(mnemonic);
  return testKeyFromPair(sr25519PairFromSeed(seed), { mnemonic, seedHex: u8aToHex(seed) });
}

/** Builds the key of a dev URI such as `//Alice` or `<mnemonic>//Alice`, which has no seed or mnemonic. */
export function testKeyFromUri(uri: string): TestKey {
  const { phrase, path: junctions } = keyExtractSuri(
    uri.startsWith('//') ? `${DEV_PHRASE}${uri}` : uri,
  );
  const root = sr25519PairFromSeed(mnemonicToMiniSecret(phrase));
  return testKeyFromPair(keyFromPath(root, junctions, 'sr25519'), {});
}

/** Keyfile JSON as btwallet 4.0.0 writes it: compact, absent fields left out. */
export function compactKeyfile(key: TestKey, fields: Array<keyof TestKey | 'public'>): string {
  const json: Record<string, string> = {};
  for (const field of fields) {
    if (field === 'public') {
      json.accountId = key.publicKeyHex;
      json.publicKey = key.publicKeyHex;
      json.ss58Address = key.address;
    } else if (field === 'mnemonic' && key.mnemonic) {
      json.secretPhrase = key.mnemonic;
    } else if (field === 'seedHex' && key.seedHex) {
      json.secretSeed = key.seedHex;
    } else if (field === 'privateKeyHex') {
      json.privateKey = key.privateKeyHex;
    }
  }
  return JSON.stringify(json);
}

/** Keyfile JSON as the Python client before v8 wrote it: all six keys, `null` when absent, spaces. */
export function pythonKeyfile(key: TestKey, withSecrets: boolean): string {
  const json = {
    accountId: key.publicKeyHex,
    publicKey: key.publicKeyHex,
    secretPhrase: withSecrets ? (key.mnemonic ?? null) : null,
    secretSeed: withSecrets ? (key.seedHex ?? null) : null,
    privateKey: withSecrets ? key.privateKeyHex : null,
    ss58Address: key.address,
  };
  return JSON.stringify(json).replaceAll('":', '": ').replaceAll(',"', ', "');
}

/** Encodes a password as btwallet 4.0.0 stores it in a `BT_PW_` variable. */
export function encodeBtPassword(variableName: string, password: string): string {
  const bytes = Buffer.from(password, 'utf8');
  const nameBytes = Buffer.from(variableName, 'utf8');
  const out = Buffer.alloc(bytes.length);
  for (let i = 0; i < bytes.length; i++) {
    out[i] = (bytes[i] ?? 0) ^ (nameBytes[i % nameBytes.length] ?? 0);
  }
  return out.toString('base64');
}

/** A temporary wallet root, removed by `cleanup`. */
export interface TempRoot {
  root: string;
  /** Writes `content` at `<root>/<relative>` with `mode` (default 0600), creating folders. */
  write(relative: string, content: string | Uint8Array, mode?: number): string;
  cleanup(): void;
}

export function makeTempRoot(): TempRoot {
  const root = mkdtempSync(path.join(tmpdir(), 'keystore-test-'));
  return {
    root,
    write(relative, content, mode = 0o600) {
      const file = path.join(root, relative);
      mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
      writeFileSync(file, content, { mode });
      return file;
    },
    cleanup() {
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** A pino logger whose lines are kept in memory. */
export interface CapturedLogger {
  logger: Logger;
  lines(): Array<Record<string, unknown>>;
  text(): string;
}

export function captureLogger(): CapturedLogger {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk.toString('utf8'));
      callback();
    },
  });
  const logger = createLogger({ name: 'keystore-test', level: 'debug', destination });
  const text = (): string => chunks.join('');
  return {
    logger,
    text,
    lines: () =>
      text()
        .split('\n')
        .filter((line) => line.length > 0)
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

/**
 * Returns whether this process can read a file with mode 000, as root (or any
 * process with CAP_DAC_OVERRIDE) can. It finds out by trying.
 */
export function readsIgnoreFileModes(): boolean {
  const dir = mkdtempSync(path.join(tmpdir(), 'keystore-probe-'));
  try {
    const file = path.join(dir, 'probe');
    writeFileSync(file, 'x', { mode: 0o000 });
    try {
      readFileSync(file);
      return true;
    } catch {
      return false;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
