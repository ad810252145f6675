import type { CommitState, PendingCommit, PendingCommitStore } from './pending-commit-store.js';

/** Outcome of a reveal the chain included. */
export interface RevealReceipt {
  txHash: string;
  blockNumber: number | null;
  /** `Pallet.Error` when the reveal was included but its dispatch failed. */
  chainError?: string;
}

/** Sends reveals; the chain-facing half, so that the store logic runs without a chain in tests. */
export interface RevealSender {
  /** Signs and submits the reveal of `commit` and waits for its block. */
  send(commit: PendingCommit): Promise<RevealReceipt>;
  /** Whether a failed send may succeed later (the chain was away, a timeout). */
  isRetryable(error: unknown): boolean;
}

/** The commit is in a state from which no reveal may start. */
export class CommitNotRevealableError extends Error {
  readonly code = 'COMMIT_NOT_REVEALABLE';
  constructor(message: string) {
    super(message);
    this.name = 'CommitNotRevealableError';
  }
}

/** States a reveal may start from: stored commits and commits whose last reveal failed. */
export const REVEALABLE_STATES: readonly CommitState[] = ['committed', 'failed'];

/**
 * Reveals one stored commit and records the result: `revealed`, or `failed`
 * with the chain error, or back to `committed` when the error is retryable
 * (then the error is re-thrown). The claim makes concurrent reveals of one
 * commit, from the scheduler and a request, impossible.
 */
export async function revealStoredCommit(
  store: PendingCommitStore,
  commit: PendingCommit,
  sender: RevealSender,
  from: readonly CommitState[] = ['committed'],
): Promise<RevealReceipt> {
  if (!store.claimForReveal(commit.id, from)) {
    const current = store.get(commit.id);
    throw new CommitNotRevealableError(
      `commit ${commit.id} is ${current?.state ?? 'gone'}, so it cannot be revealed now; list commits to see its state`,
    );
  }

  let receipt: RevealReceipt;
  try {
    receipt = await sender.send(commit);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (sender.isRetryable(error)) {
      store.releaseReveal(commit.id, message);
    } else {
      store.markFailed(commit.id, message, txHashOf(error));
    }
    throw error;
  }

  if (receipt.chainError !== undefined) {
    store.markFailed(commit.id, receipt.chainError, receipt.txHash);
  } else {
    store.markRevealed(commit.id, receipt);
  }
  return receipt;
}

function txHashOf(error: unknown): string | undefined {
  const txHash = (error as { txHash?: unknown } | null)?.txHash;
  return typeof txHash === 'string' ? txHash : undefined;
}
