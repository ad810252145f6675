import { chmodSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { hashSecret, type ScryptParams } from '../../src/security/secret-hash.js';
import { generateTokenSecret } from '../../src/security/token-secret.js';

/** Cheapest cost the file format accepts, so tests that hash many secrets stay fast. */
export const FAST_SCRYPT: ScryptParams = { N: 1024, r: 8, p: 1 };

export interface TestToken {
  secret: string;
  /** The token as written to the file, with `secret_hash` but never the secret. */
  entry: Record<string, unknown>;
}

/** Makes a token with a fresh secret; `fields` override or add file fields. */
export function makeToken(id: string, fields: Record<string, unknown> = {}): TestToken {
  const secret = generateTokenSecret(id);
  const entry = {
    id,
    secret_hash: hashSecret(secret, FAST_SCRYPT),
    wallets: ['miner'],
    hotkeys: ['miner/default'],
    operations: ['serve_axon'],
    ...fields,
  };
  return { secret, entry };
}

/** Writes a token file with mode 0600; `content` is YAML text or an object to serialize. */
export function writeTokenFile(dir: string, content: unknown, name = 'tokens.yaml'): string {
  const file = path.join(dir, name);
  const text = typeof content === 'string' ? content : stringify(content);
  writeFileSync(file, text, { mode: 0o600 });
  chmodSync(file, 0o600);
  return file;
}

export function bearer(secret: string): string {
  return `Bearer ${secret}`;
}
