import { createHash } from 'node:crypto';
import { verifySecret } from './secret-hash.js';
import { TokenBucket } from './token-bucket.js';
import { tokenStatus, type TokenRecord } from './token-record.js';
import { parseTokenSecretId } from './token-secret.js';

/** Counters for metrics and tests; they never hold secrets or digests. */
export interface VerificationStats {
  /** Secrets checked with scrypt. */
  scryptChecks: number;
  /** Secrets accepted from the cache without scrypt. */
  cacheHits: number;
  /** Attempts rejected without scrypt because their token had too many recent failures. */
  throttled: number;
}

/** Failed scrypt checks allowed per token id: a burst of 10, then one every 6 seconds. */
const FAILURE_BURST = 10;
const FAILURE_REFILL_PER_MS = 10 / 60_000;

/** How long a wrong secret is remembered, so that repeating it costs no scrypt. */
const NEGATIVE_TTL_MS = 60_000;
const MAX_NEGATIVE_ENTRIES = 10_000;

export interface TokenVerifierOptions {
  clock: () => number;
  stats: VerificationStats;
  /** Called when a token id runs out of failed attempts; used for one log line per event. */
  onThrottle?: (tokenId: string) => void;
}

function digest(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('base64');
}

/**
 * Checks presented secrets against one loaded set of tokens. scrypt runs only
 * on the first use of each correct secret, because successes are cached by
 * SHA-256 of the secret. A new verifier is built on every reload, which
 * clears every cache.
 */
export class TokenVerifier {
  readonly #tokens: ReadonlyMap<string, TokenRecord>;
  readonly #options: TokenVerifierOptions;
  readonly #accepted = new Map<string, TokenRecord>();
  /** Digest of a wrong secret to the time it may be checked again. */
  readonly #rejected = new Map<string, number>();
  readonly #failureBudgets = new Map<string, TokenBucket>();

  constructor(tokens: ReadonlyMap<string, TokenRecord>, options: TokenVerifierOptions) {
    this.#tokens = tokens;
    this.#options = options;
  }

  /** Returns the active token whose secret this is, or undefined. */
  verify(secret: string): TokenRecord | undefined {
    const key = digest(secret);
    const cached = this.#accepted.get(key);
    if (cached !== undefined) {
      this.#options.stats.cacheHits++;
      return cached;
    }
    const id = parseTokenSecretId(secret);
    const record = id === undefined ? undefined : this.#tokens.get(id);
    if (record === undefined || tokenStatus(record) !== 'active') {
      return undefined;
    }
    const now = this.#options.clock();
    if (this.#recentlyRejected(key, now) || !this.#mayCheck(record.id, now)) {
      return undefined;
    }

    this.#options.stats.scryptChecks++;
    if (verifySecret(secret, record.secretHash)) {
      this.#accepted.set(key, record);
      return record;
    }
    this.#recordFailure(key, record.id, now);
    return undefined;
  }

  #recentlyRejected(key: string, now: number): boolean {
    const until = this.#rejected.get(key);
    if (until === undefined) {
      return false;
    }
    if (until > now) {
      return true;
    }
    this.#rejected.delete(key);
    return false;
  }

  // NOTE: while a token id is throttled, its correct secret is rejected too
  // unless it is already cached. Anyone with the id who can reach the service
  // can so delay a client's first request after a restart or reload.
  #mayCheck(tokenId: string, now: number): boolean {
    const budget = this.#failureBudgets.get(tokenId);
    if (budget === undefined || budget.available(now) >= 1) {
      return true;
    }
    this.#options.stats.throttled++;
    return false;
  }

  #recordFailure(key: string, tokenId: string, now: number): void {
    let budget = this.#failureBudgets.get(tokenId);
    if (budget === undefined) {
      budget = new TokenBucket(FAILURE_BURST, FAILURE_REFILL_PER_MS, now);
      this.#failureBudgets.set(tokenId, budget);
    }
    budget.take(now);
    if (budget.available(now) < 1) {
      this.#options.onThrottle?.(tokenId);
    }

    if (this.#rejected.size >= MAX_NEGATIVE_ENTRIES) {
      // Maps iterate in insertion order, so the first key is the oldest entry.
      const oldest = this.#rejected.keys().next();
      if (oldest.done !== true) {
        this.#rejected.delete(oldest.value);
      }
    }
    this.#rejected.set(key, now + NEGATIVE_TTL_MS);
  }
}
