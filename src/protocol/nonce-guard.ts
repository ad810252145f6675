/** How much older than now the first nonce of a key may be, before the timeout is added: 4 s. */
export const ALLOWED_NONCE_DELTA_NS = 4_000_000_000n;

const NS_PER_SECOND = 1e9;

/** Returns the wall-clock time in nanoseconds since the Unix epoch, at millisecond resolution. */
export function wallClockNs(): bigint {
  return BigInt(Date.now()) * 1_000_000n;
}

/**
 * Returns a nonce source for a dendrite: wall-clock nanoseconds, raised by 1 when the
 * clock has not moved. Two requests in the same millisecond thus get strictly
 * increasing nonces, which an axon requires.
 */
export function createNonceSource(clock: () => bigint = wallClockNs): () => bigint {
  let last = 0n;
  return () => {
    const now = clock();
    last = now > last ? now : last + 1n;
    return last;
  };
}

export interface NonceGuardOptions {
  /** Nanoseconds since the Unix epoch; defaults to the wall clock. */
  clock?: () => bigint;
  /**
   * The largest request timeout, in seconds, that widens the window for a first nonce;
   * defaults to 300. A larger or NaN timeout counts as this value, a negative one as 0.
   */
  maxTimeoutSeconds?: number;
  /** Number of stored keys above which stale keys are pruned on the next record; defaults to 10000. */
  pruneAbove?: number;
}

export type NonceCheck = { ok: true } | { ok: false; reason: string };

/**
 * Rejects replayed and stale dendrite nonces as the SDK's axon does, per key
 * `hotkey:uuid`: the first nonce of a key must be above `now - 4 s - timeout`, and each
 * later one above the last recorded nonce.
 *
 * The SDK takes the timeout from the unsigned `timeout` header, so a sender could widen
 * the window without bound; this guard caps it at `maxTimeoutSeconds`. The cap is also
 * what makes pruning safe: a key whose last nonce is older than `now - 4 s - cap` can be
 * forgotten, because any replay of it fails the first-nonce window.
 */
export class NonceGuard {
  private readonly lastNonces = new Map<string, bigint>();
  private readonly clock: () => bigint;
  private readonly maxTimeoutSeconds: number;
  private readonly maxTimeoutNs: bigint;
  private readonly pruneAbove: number;

  constructor(options: NonceGuardOptions = {}) {
    const maxTimeoutSeconds = options.maxTimeoutSeconds ?? 300;
    if (!(maxTimeoutSeconds >= 0 && Number.isFinite(maxTimeoutSeconds))) {
      throw new RangeError(
        `maxTimeoutSeconds ${maxTimeoutSeconds} is invalid: use a finite number of 0 or more`,
      );
    }
    this.clock = options.clock ?? wallClockNs;
    this.maxTimeoutSeconds = maxTimeoutSeconds;
    this.maxTimeoutNs = secondsToNs(maxTimeoutSeconds);
    this.pruneAbove = options.pruneAbove ?? 10_000;
  }

  /** Number of keys whose last nonce is stored. */
  get size(): number {
    return this.lastNonces.size;
  }

  /** Checks a nonce without storing it; call `record` once the request is verified. */
  check(
    hotkey: string,
    uuid: string,
    nonce: bigint,
    timeoutSeconds: number | undefined,
    nowNs: bigint = this.clock(),
  ): NonceCheck {
    const last = this.lastNonces.get(keyOf(hotkey, uuid));
    if (last !== undefined) {
      return nonce > last
        ? { ok: true }
        : { ok: false, reason: `nonce ${nonce} is not above the last processed nonce ${last}` };
    }

    const oldest = nowNs - ALLOWED_NONCE_DELTA_NS - this.windowTimeoutNs(timeoutSeconds);
    if (nonce <= oldest) {
      const ageSeconds = Number(nowNs - nonce) / NS_PER_SECOND;
      const allowedSeconds = Number(nowNs - oldest) / NS_PER_SECOND;
      return {
        ok: false,
        reason: `nonce is too old: it is ${ageSeconds.toFixed(2)} s old and at most ${allowedSeconds.toFixed(2)} s is allowed`,
      };
    }
    return { ok: true };
  }

  /** Stores `nonce` as the last one of the key, then prunes stale keys when there are many. */
  record(hotkey: string, uuid: string, nonce: bigint, nowNs: bigint = this.clock()): void {
    this.lastNonces.set(keyOf(hotkey, uuid), nonce);
    if (this.lastNonces.size > this.pruneAbove) {
      this.prune(nowNs);
    }
  }

  /** Forgets keys whose last nonce no replay could pass the first-nonce window with. */
  prune(nowNs: bigint = this.clock()): void {
    const stale = nowNs - ALLOWED_NONCE_DELTA_NS - this.maxTimeoutNs;
    for (const [key, last] of this.lastNonces) {
      if (last <= stale) {
        this.lastNonces.delete(key);
      }
    }
  }

  private windowTimeoutNs(timeoutSeconds: number | undefined): bigint {
    if (timeoutSeconds === undefined || timeoutSeconds <= 0) {
      return 0n;
    }
    if (!(timeoutSeconds < this.maxTimeoutSeconds)) {
      return this.maxTimeoutNs;
    }
    return secondsToNs(timeoutSeconds);
  }
}

function keyOf(hotkey: string, uuid: string): string {
  return `${hotkey}:${uuid}`;
}

function secondsToNs(seconds: number): bigint {
  return BigInt(Math.round(seconds * NS_PER_SECOND));
}
