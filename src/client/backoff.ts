/** Waits between attempts of one request. */
export interface BackoffOptions {
  /** Delay ceiling before the first retry, in milliseconds; doubles with each retry. Default 200. */
  baseMs?: number;
  /** Maximum delay ceiling, in milliseconds. Default 5000. */
  maxMs?: number;
  /**
   * Full jitter: each wait is drawn uniformly from 0 to the ceiling, so many
   * clients that failed together do not retry together. Default true; false
   * waits the whole ceiling.
   */
  jitter?: boolean;
  /** Maximum `Retry-After` honoured, in milliseconds; larger values are cut to it. Default 30000. */
  maxRetryAfterMs?: number;
}

export type BackoffPolicy = Readonly<Required<BackoffOptions>>;

export const DEFAULT_BACKOFF: BackoffPolicy = Object.freeze({
  baseMs: 200,
  maxMs: 5000,
  jitter: true,
  maxRetryAfterMs: 30_000,
});

/** Fills in defaults and rejects negative or non-finite values, naming the option. */
export function resolveBackoff(options: BackoffOptions = {}): BackoffPolicy {
  const policy = { ...DEFAULT_BACKOFF, ...stripUndefined(options) };
  for (const name of ['baseMs', 'maxMs', 'maxRetryAfterMs'] as const) {
    const value = policy[name];
    if (!Number.isFinite(value) || value < 0) {
      throw new RangeError(`backoff.${name} is ${value}; use a number of milliseconds >= 0`);
    }
  }
  if (policy.baseMs > policy.maxMs) {
    throw new RangeError(
      `backoff.baseMs ${policy.baseMs} is above backoff.maxMs ${policy.maxMs}; lower baseMs or raise maxMs`,
    );
  }
  return Object.freeze(policy);
}

function stripUndefined(options: BackoffOptions): BackoffOptions {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
}

/**
 * Returns the exponential backoff before retry number `retry` (0 for the
 * first retry): `min(maxMs, baseMs * 2^retry)`, scaled by `random()` when
 * jitter is on.
 */
export function backoffDelayMs(
  retry: number,
  policy: BackoffPolicy,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** retry);
  if (!policy.jitter) {
    return ceiling;
  }
  return Math.round(random() * ceiling);
}

/**
 * Returns the wait before a retry. With a `Retry-After` it waits that long
 * (at most `maxRetryAfterMs`) plus the jittered backoff, so clients given the
 * same `Retry-After` still spread out.
 */
export function retryDelayMs(
  retry: number,
  policy: BackoffPolicy,
  retryAfterMs: number | undefined,
  random: () => number = Math.random,
): number {
  const backoff = backoffDelayMs(retry, policy, random);
  if (retryAfterMs === undefined) {
    return backoff;
  }
  return Math.min(retryAfterMs, policy.maxRetryAfterMs) + backoff;
}

/**
 * Parses a `Retry-After` header (RFC 9110: delay in seconds or an HTTP date)
 * into milliseconds from `now`. Returns undefined when absent or invalid.
 */
export function parseRetryAfterMs(
  header: string | null,
  now: number = Date.now(),
): number | undefined {
  if (header === null) {
    return undefined;
  }
  const text = header.trim();
  if (/^\d+$/.test(text)) {
    return Number(text) * 1000;
  }
  // Every HTTP-date form starts with a day name; Date.parse alone accepts text such as "-3".
  const date = /^[A-Za-z]{3}/.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(date)) {
    return undefined;
  }
  return Math.max(0, date - now);
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
