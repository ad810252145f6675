/**
 * Token bucket: holds up to `capacity` tokens and gains `refillPerMs` tokens
 * per millisecond. Times are passed in, so callers choose the clock.
 */
export class TokenBucket {
  readonly capacity: number;
  readonly refillPerMs: number;
  #tokens: number;
  #updatedAt: number;

  constructor(capacity: number, refillPerMs: number, now: number, initialTokens = capacity) {
    if (!(capacity > 0) || !(refillPerMs > 0)) {
      throw new RangeError(
        `token bucket capacity ${capacity} and refill ${refillPerMs} per ms must both be positive`,
      );
    }
    this.capacity = capacity;
    this.refillPerMs = refillPerMs;
    this.#tokens = Math.min(capacity, Math.max(0, initialTokens));
    this.#updatedAt = now;
  }

  /** Tokens available at `now`; a clock that steps back adds none. */
  available(now: number): number {
    const elapsed = Math.max(0, now - this.#updatedAt);
    this.#tokens = Math.min(this.capacity, this.#tokens + elapsed * this.refillPerMs);
    this.#updatedAt = Math.max(this.#updatedAt, now);
    return this.#tokens;
  }

  /** Takes one token. Returns 0 on success, otherwise the milliseconds until one is available. */
  take(now: number): number {
    const tokens = this.available(now);
    if (tokens >= 1) {
      this.#tokens = tokens - 1;
      return 0;
    }
    return Math.ceil((1 - tokens) / this.refillPerMs);
  }
}
