import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

/** scrypt cost parameters (RFC 7914): CPU/memory cost N, block size r, parallelism p. */
export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

/**
 * Cost of new hashes: 32 MiB of memory per verification. Token secrets carry
 * 256 random bits, so the cost only has to make a stolen token file useless
 * for anything but a brute force that cannot succeed.
 */
export const DEFAULT_SCRYPT_PARAMS: Readonly<ScryptParams> = Object.freeze({
  N: 2 ** 15,
  r: 8,
  p: 1,
});

const SALT_BYTES = 16;
const HASH_BYTES = 32;

/** Bounds on parameters read from a file, so an edited file cannot make one check take minutes. */
const MIN_N = 2 ** 10;
const MAX_N = 2 ** 20;
const MAX_R = 32;
const MAX_P = 16;
const MAX_MEMORY_BYTES = 256 * 1024 * 1024;

const HASH_FORMAT = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9+/]+={0,2})\$([A-Za-z0-9+/]+={0,2})$/;

/** A parsed `scrypt$N$r$p$salt$hash` string. */
export interface SecretHash {
  params: ScryptParams;
  salt: Buffer;
  hash: Buffer;
}

function toBase64(bytes: Buffer): string {
  return bytes.toString('base64').replace(/=+$/, '');
}

function memoryBytes(params: ScryptParams): number {
  return 128 * params.N * params.r;
}

function paramsProblem(params: ScryptParams): string | undefined {
  const { N, r, p } = params;
  if (!Number.isSafeInteger(N) || N < MIN_N || N > MAX_N || (N & (N - 1)) !== 0) {
    return `N ${N} is not a power of two from ${MIN_N} to ${MAX_N}`;
  }
  if (!Number.isSafeInteger(r) || r < 1 || r > MAX_R) {
    return `r ${r} is not from 1 to ${MAX_R}`;
  }
  if (!Number.isSafeInteger(p) || p < 1 || p > MAX_P) {
    return `p ${p} is not from 1 to ${MAX_P}`;
  }
  if (memoryBytes(params) > MAX_MEMORY_BYTES) {
    return `N ${N} with r ${r} needs more than ${MAX_MEMORY_BYTES / 2 ** 20} MiB`;
  }
  return undefined;
}

function derive(secret: string, salt: Buffer, length: number, params: ScryptParams): Buffer {
  return scryptSync(secret, salt, length, {
    ...params,
    // Node's default limit of 32 MiB is exactly the default cost, and the
    // check includes some overhead, so allow twice the working memory.
    maxmem: 2 * memoryBytes(params),
  });
}

/**
 * Parses a stored hash; returns a problem description instead when the text
 * is not `scrypt$N$r$p$salt$hash` with sane parameters.
 */
export function parseSecretHash(text: string): SecretHash | string {
  const match = HASH_FORMAT.exec(text);
  if (match === null) {
    return 'is not of the form scrypt$N$r$p$salt_base64$hash_base64';
  }
  const params = { N: Number(match[1]), r: Number(match[2]), p: Number(match[3]) };
  const problem = paramsProblem(params);
  if (problem !== undefined) {
    return `has ${problem}`;
  }
  const salt = Buffer.from(match[4]!, 'base64');
  const hash = Buffer.from(match[5]!, 'base64');
  if (salt.length < SALT_BYTES) {
    return `has a salt of ${salt.length} bytes; use at least ${SALT_BYTES}`;
  }
  if (hash.length < 16 || hash.length > 64) {
    return `has a hash of ${hash.length} bytes; use 16 to 64`;
  }
  return { params, salt, hash };
}

/** Hashes a secret with scrypt and a fresh random salt; returns `scrypt$N$r$p$salt$hash`. */
export function hashSecret(secret: string, params: ScryptParams = DEFAULT_SCRYPT_PARAMS): string {
  const problem = paramsProblem(params);
  if (problem !== undefined) {
    throw new RangeError(`scrypt parameters are invalid: ${problem}`);
  }
  const salt = randomBytes(SALT_BYTES);
  const hash = derive(secret, salt, HASH_BYTES, params);
  return `scrypt$${params.N}$${params.r}$${params.p}$${toBase64(salt)}$${toBase64(hash)}`;
}

/** Checks a secret against a parsed hash; the comparison takes the same time wherever they differ. */
export function verifySecret(secret: string, stored: SecretHash): boolean {
  const candidate = derive(secret, stored.salt, stored.hash.length, stored.params);
  return timingSafeEqual(candidate, stored.hash);
}
