interface TrackedNonce {
  next: number;
  at: number;
}

/**
 * Remembers the nonce after the last transaction the pool accepted for each
 * account. `system_accountNextIndex` counts pool transactions, but a node may
 * answer from a head that does not yet hold a transaction it has just taken
 * out of the pool to build a block (chopsticks does this in instant mode), and
 * would return a nonce that is already used. The remembered value covers that
 * window; it expires after `ttlMs` so a transaction dropped without notice
 * cannot leave the account stuck on a nonce from the future.
 */
export class NonceTracker {
  readonly #accounts = new Map<string, TrackedNonce>();
  readonly #ttlMs: number;

  constructor(ttlMs = 6000) {
    this.#ttlMs = ttlMs;
  }

  /** The nonce to sign with, given what the node reported. */
  choose(account: string, reported: number, now = Date.now()): number {
    const tracked = this.#accounts.get(account);
    if (tracked === undefined || now - tracked.at > this.#ttlMs) {
      this.#accounts.delete(account);
      return reported;
    }
    return Math.max(reported, tracked.next);
  }

  /** Records that the pool accepted a transaction with `nonce`. */
  accepted(account: string, nonce: number, now = Date.now()): void {
    this.#accounts.set(account, { next: nonce + 1, at: now });
  }

  /** Forgets the account, so the next transaction trusts the node's nonce. */
  reset(account: string): void {
    this.#accounts.delete(account);
  }
}
