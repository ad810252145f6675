import { ApiError } from '../errors.js';
import type { WeightsSubnetState } from './weights-state.js';

/** Seconds per block that `Retry-After` assumes (Subtensor's target block time). */
export const BLOCK_TIME_SECONDS = 12;
/** How often a queued request reads the chain again while it waits. */
export const RATE_LIMIT_POLL_MS = 2_000;

/**
 * Returns how many more blocks must be built before the chain accepts
 * weights (or a commit) from this uid; 0 means now. Subtensor accepts in
 * block B when `B - LastUpdate >= WeightsSetRateLimit` or LastUpdate is 0,
 * and a transaction sent now lands in block `best + 1` at the earliest.
 * The SDK's own check (`best - LastUpdate > limit`) waits up to 2 blocks
 * longer, which would reject back-to-back requests the chain accepts.
 */
export function blocksUntilAllowed(
  state: Pick<WeightsSubnetState, 'blockNumber' | 'lastUpdate' | 'weightsSetRateLimit' | 'uid'>,
): number {
  if (state.uid === undefined || state.lastUpdate === 0) {
    return 0;
  }
  const inclusionBlock = state.blockNumber + 1;
  const allowedFrom = state.lastUpdate + state.weightsSetRateLimit;
  return Math.max(0, allowedFrom - inclusionBlock);
}

/** Weights from this hotkey would hit `WeightsSetRateLimit`; nothing was sent. */
export class WeightsRateLimitedError extends ApiError {
  readonly retryAfterSeconds: number;

  constructor(state: WeightsSubnetState, blocksLeft: number, queued: boolean) {
    const waited = queued ? ' and the wait for it exceeded the transaction timeout' : '';
    super(
      'WEIGHTS_RATE_LIMITED',
      `uid ${state.uid} last set weights at block ${state.lastUpdate} and the subnet allows one update per ${state.weightsSetRateLimit} blocks${waited}; retry in ${blocksLeft} blocks (block ${state.blockNumber + blocksLeft + 1}) or send queue_until_allowed: true`,
      { blocksLeft },
    );
    this.name = 'WeightsRateLimitedError';
    this.retryAfterSeconds = blocksLeft * BLOCK_TIME_SECONDS;
  }
}

export interface RateLimitWait {
  /** Reads the state again. */
  read: () => Promise<WeightsSubnetState>;
  /** Whether to wait for the limit to pass instead of failing at once. */
  queue: boolean;
  /** Maximum wait, in milliseconds. */
  timeoutMs: number;
  nowMs?: () => number;
  sleep?: (ms: number) => Promise<void>;
  pollMs?: number;
}

/**
 * Checks the rate limit before anything is signed. Without `queue` it
 * throws WeightsRateLimitedError at once. With `queue` it reads the chain
 * again every `pollMs` until the limit has passed, and throws when
 * `timeoutMs` runs out first. The wait follows the chain, not a block-time
 * estimate, because block times vary (a devnet builds blocks on demand).
 * Returns the state that allowed sending.
 */
export async function enforceRateLimit(
  state: WeightsSubnetState,
  wait: RateLimitWait,
): Promise<WeightsSubnetState> {
  let current = state;
  let blocksLeft = blocksUntilAllowed(current);
  if (blocksLeft === 0) {
    return current;
  }
  if (!wait.queue) {
    throw new WeightsRateLimitedError(current, blocksLeft, false);
  }

  const now = wait.nowMs ?? Date.now;
  const sleep = wait.sleep ?? ((ms: number) => new Promise((resolve) => setTimeout(resolve, ms)));
  const deadline = now() + wait.timeoutMs;
  while (blocksLeft > 0) {
    const remaining = deadline - now();
    if (remaining <= 0) {
      throw new WeightsRateLimitedError(current, blocksLeft, true);
    }
    await sleep(Math.min(wait.pollMs ?? RATE_LIMIT_POLL_MS, remaining));
    current = await wait.read();
    blocksLeft = blocksUntilAllowed(current);
  }
  return current;
}
