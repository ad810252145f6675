import { randomBytes } from 'node:crypto';

/** Prefix of every token secret, so secret scanners and people can recognize one. */
export const SECRET_PREFIX = 'mst_';

/** Random part: 32 bytes in base64url without padding. */
const RANDOM_BYTES = 32;
const RANDOM_CHARS = 43;
const RANDOM_PART = /^[A-Za-z0-9_-]{43}$/;

/** Token ids: 1 to 64 characters, starting with a letter or digit. */
const TOKEN_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

const MAX_SECRET_LENGTH = SECRET_PREFIX.length + 64 + 1 + RANDOM_CHARS;

/** Returns why `id` cannot be a token id, or undefined when it can. */
export function tokenIdProblem(id: string): string | undefined {
  if (id.startsWith(SECRET_PREFIX)) {
    // Such an id is most likely a pasted secret.
    return `starts with ${SECRET_PREFIX}, which marks a secret; pick a plain name such as miner-1`;
  }
  if (TOKEN_ID.test(id)) {
    return undefined;
  }
  return 'must be 1 to 64 letters, digits, ".", "_" or "-", starting with a letter or digit';
}

/** Creates a fresh secret `mst_<id>_<random>` for the token `id`. */
export function generateTokenSecret(id: string): string {
  const problem = tokenIdProblem(id);
  if (problem !== undefined) {
    throw new RangeError(`token id ${JSON.stringify(id)} is invalid: it ${problem}`);
  }
  return `${SECRET_PREFIX}${id}_${randomBytes(RANDOM_BYTES).toString('base64url')}`;
}

/**
 * Returns the token id inside a secret, or undefined when `secret` does not
 * have the form `mst_<id>_<random>`. The random part has a fixed length, so
 * ids may contain "_" and the split is still unambiguous.
 */
export function parseTokenSecretId(secret: string): string | undefined {
  if (!secret.startsWith(SECRET_PREFIX) || secret.length > MAX_SECRET_LENGTH) {
    return undefined;
  }
  const separator = secret.length - RANDOM_CHARS - 1;
  if (separator <= SECRET_PREFIX.length || secret[separator] !== '_') {
    return undefined;
  }
  if (!RANDOM_PART.test(secret.slice(separator + 1))) {
    return undefined;
  }
  const id = secret.slice(SECRET_PREFIX.length, separator);
  return tokenIdProblem(id) === undefined ? id : undefined;
}
