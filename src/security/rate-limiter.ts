import { TokenBucket } from './token-bucket.js';

export type RateDecision = { ok: true } | { ok: false; retryAfterSeconds: number };

const OK: RateDecision = Object.freeze({ ok: true });

interface Entry {
  requestsPerMinute: number;
  bucket: TokenBucket;
}

/**
 * Per-token request limits as token buckets. A token limited to N requests
 * per minute may send a burst of N, then one request every 60/N seconds.
 */
export class RequestRateLimiter {
  readonly #clock: () => number;
  readonly #entries = new Map<string, Entry>();

  /** `clock` returns the time in milliseconds; tests pass their own. */
  constructor(clock: () => number = Date.now) {
    this.#clock = clock;
  }

  /**
   * Counts one request of `tokenId`. Without a limit every request passes.
   * When the limit changes (after a reload), the tokens left carry over,
   * capped at the new limit.
   */
  take(tokenId: string, requestsPerMinute: number | undefined): RateDecision {
    if (requestsPerMinute === undefined) {
      this.#entries.delete(tokenId);
      return OK;
    }
    const now = this.#clock();
    const bucket = this.#bucketFor(tokenId, requestsPerMinute, now);
    const waitMs = bucket.take(now);
    if (waitMs === 0) {
      return OK;
    }
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
  }

  #bucketFor(tokenId: string, requestsPerMinute: number, now: number): TokenBucket {
    const entry = this.#entries.get(tokenId);
    if (entry !== undefined && entry.requestsPerMinute === requestsPerMinute) {
      return entry.bucket;
    }
    const left = entry?.bucket.available(now) ?? requestsPerMinute;
    const bucket = new TokenBucket(requestsPerMinute, requestsPerMinute / 60_000, now, left);
    this.#entries.set(tokenId, { requestsPerMinute, bucket });
    return bucket;
  }
}
