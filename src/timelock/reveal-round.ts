import { QUICKNET } from './drand.js';
import { TimelockError } from './errors.js';

/**
 * Blocks after the first block of the reveal epoch at which the pulse is
 * aimed (SECURITY_BLOCK_OFFSET in bittensor-drand 1.2.0).
 */
export const REVEAL_BLOCK_OFFSET = 3;
export const DEFAULT_BLOCK_TIME_SECONDS = 12;

export interface RevealRoundInput {
  currentBlock: number;
  /** Storage index of the subnet mechanism: mecid * 4096 + netuid. */
  netuid: number;
  /** Subnet tempo in blocks. */
  tempo: number;
  /** The subnet's RevealPeriodEpochs. */
  revealPeriodEpochs: number;
  /** Current unix time in seconds, fractions allowed. */
  nowSeconds: number;
  /** Seconds per block. Defaults to 12. */
  blockTimeSeconds?: number;
}

/**
 * Computes the drand round a CRv4 commit is encrypted to, as the Python SDK
 * does: the time at which block `first reveal block + 3` is expected, turned
 * into a quicknet round. Block arithmetic saturates at zero as in
 * bittensor-drand 1.2.0 `generate_commit`, and the result is at least 1.
 */
export function computeRevealRound(input: RevealRoundInput): number {
  const currentBlock = requireCount(input.currentBlock, 'current block');
  const netuid = requireCount(input.netuid, 'netuid storage index');
  const tempo = requireCount(input.tempo, 'tempo');
  const revealPeriodEpochs = requireCount(input.revealPeriodEpochs, 'reveal period');
  const blockTime = input.blockTimeSeconds ?? DEFAULT_BLOCK_TIME_SECONDS;
  if (!Number.isFinite(input.nowSeconds)) {
    throw invalid(`current unix time ${input.nowSeconds}: pass a finite number of seconds`);
  }
  if (!Number.isFinite(blockTime) || blockTime <= 0) {
    throw invalid(`block time ${blockTime}: pass a positive number of seconds`);
  }

  // Subtensor offsets each subnet's epochs by netuid + 1 to stagger subnets.
  const epochLength = tempo + 1;
  const currentEpoch = Math.floor((currentBlock + netuid + 1) / epochLength);
  const revealEpoch = currentEpoch + revealPeriodEpochs;
  const firstRevealBlock = Math.max(0, revealEpoch * epochLength - (netuid + 1));

  const targetBlock = firstRevealBlock + REVEAL_BLOCK_OFFSET;
  const secondsUntilTarget = Math.max(0, targetBlock - currentBlock) * blockTime;
  const targetTime = input.nowSeconds + secondsUntilTarget;
  const round = Math.floor((targetTime - QUICKNET.genesisTime) / QUICKNET.periodSeconds);
  return Math.max(1, round);
}

function requireCount(value: number, role: string): number {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw invalid(`${role} ${value}: pass a non-negative integer`);
  }
  return value;
}

function invalid(detail: string): TimelockError {
  return new TimelockError('TIMELOCK_INVALID_INPUT', `Invalid ${detail}.`);
}
