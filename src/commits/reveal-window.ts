/** Blocks of the one epoch in which Subtensor accepts the reveal of a hash commit. */
export interface RevealWindow {
  commitEpoch: number;
  revealEpoch: number;
  firstRevealBlock: number;
  /** Last block of the reveal epoch; a reveal included after it fails with `ExpiredWeightCommit`. */
  lastRevealBlock: number;
}

export interface RevealWindowInput {
  netuid: number;
  /** Subnet tempo in blocks; an epoch lasts tempo + 1 blocks. */
  tempo: number;
  revealPeriodEpochs: number;
  commitBlock: number;
}

/**
 * Returns the epoch index of a block as Subtensor's `get_epoch_index` does:
 * `(block + netuid + 1) div (tempo + 1)`. The netuid offset staggers subnets.
 */
export function epochIndex(netuid: number, tempo: number, block: number): number {
  return Math.floor((block + netuid + 1) / (tempo + 1));
}

/**
 * Computes where a hash commit made at `commitBlock` can be revealed: only in
 * epoch `commit_epoch + RevealPeriodEpochs`, as Subtensor's
 * `is_reveal_block_range` and `get_reveal_blocks` decide.
 */
export function revealWindow(input: RevealWindowInput): RevealWindow {
  const epochLength = input.tempo + 1;
  const commitEpoch = epochIndex(input.netuid, input.tempo, input.commitBlock);
  const revealEpoch = commitEpoch + input.revealPeriodEpochs;
  const firstRevealBlock = Math.max(0, revealEpoch * epochLength - (input.netuid + 1));
  return {
    commitEpoch,
    revealEpoch,
    firstRevealBlock,
    lastRevealBlock: firstRevealBlock + input.tempo,
  };
}

/** Position of a block relative to a reveal window. */
export type WindowPosition = 'early' | 'open' | 'passed';

/**
 * Places the block a transaction sent now lands in (`currentBlock + 1` at
 * the earliest) relative to the window.
 */
export function windowPosition(
  window: Pick<RevealWindow, 'firstRevealBlock' | 'lastRevealBlock'>,
  currentBlock: number,
): WindowPosition {
  const inclusionBlock = currentBlock + 1;
  if (inclusionBlock < window.firstRevealBlock) {
    return 'early';
  }
  return inclusionBlock > window.lastRevealBlock ? 'passed' : 'open';
}
