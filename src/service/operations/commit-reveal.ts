import type { ApiPromise } from '@polkadot/api';
import { QueueFullError } from '../../chain/account-queue.js';
import { ChainUnavailableError, TxTimeoutError } from '../../chain/errors.js';
import type { TxOutcome } from '../../chain/submitter.js';
import {
  REVEALABLE_STATES,
  revealStoredCommit,
  windowPosition,
  type PendingCommit,
  type PendingCommitStore,
  type RevealSender,
} from '../../commits/index.js';
import { ApiError } from '../errors.js';
import type { SignerSource } from './signer-source.js';
import type { SignedTxResult, TxDependencies, WeightsDependencies } from './set-weights.js';
import { extrinsicTable, revealCall } from './weights-calls.js';

export interface RevealSenderOptions {
  waitForFinalization?: boolean;
  /** Receives the full outcome of each reveal the chain included, for an HTTP response. */
  onOutcome?: (commitId: number, outcome: TxOutcome) => void;
}

/**
 * Checks whether a reveal that threw may be sent again later.
 * NOTE: a timed-out reveal may still have landed; the retry then fails with
 * `NoWeightsCommitFound` and the commit is marked failed, not revealed.
 */
export function isRetryableRevealError(error: unknown): boolean {
  return (
    error instanceof ChainUnavailableError ||
    error instanceof TxTimeoutError ||
    error instanceof QueueFullError
  );
}

/**
 * Builds the sender that signs `reveal_weights` (or its mechanism variant,
 * matching the commit) with the commit's hotkey and waits for its block.
 */
export function createRevealSender(
  deps: Pick<TxDependencies, 'connection' | 'submitter' | 'txTimeoutMs'> & {
    signers: SignerSource;
  },
  options: RevealSenderOptions = {},
): RevealSender {
  return {
    isRetryable: isRetryableRevealError,
    send: async (commit: PendingCommit) => {
      const signer = deps.signers.hotkey(commit.wallet, commit.hotkeyName);
      const build = (api: ApiPromise) =>
        revealCall(
          extrinsicTable(api),
          {
            netuid: commit.netuid,
            mechid: commit.mechid ?? undefined,
            specVersion: api.runtimeVersion.specVersion.toNumber(),
          },
          commit,
        ).call;
      // Fails before signing when the runtime lacks the call or the chain is away.
      build(deps.connection.requireApi());
      const outcome = await deps.submitter.submit(signer, build, {
        waitForInclusion: true,
        waitForFinalization: options.waitForFinalization ?? false,
        timeoutMs: deps.txTimeoutMs,
      });
      options.onOutcome?.(commit.id, outcome);
      const failure = outcome.dispatchError;
      return {
        txHash: outcome.txHash,
        blockNumber: outcome.blockNumber ?? null,
        ...(failure ? { chainError: `${failure.pallet}.${failure.name}` } : {}),
      };
    },
  };
}

export interface RevealRequest {
  wallet: string;
  hotkey: string;
  netuid: number;
  commitId?: number;
  commitHash?: string;
  waitForFinalization: boolean;
}

export interface RevealResult extends SignedTxResult {
  call: string;
  commit: PendingCommit;
}

/** Finds the stored commit a reveal request names, checking that it belongs to the signer. */
export function findOwnCommit(
  store: PendingCommitStore,
  request: RevealRequest,
  hotkeyAddress: string,
): PendingCommit {
  const commit =
    request.commitId !== undefined
      ? store.get(request.commitId)
      : store.findByHash(request.commitHash ?? '', hotkeyAddress);
  if (!commit || commit.hotkeyAddress !== hotkeyAddress || commit.netuid !== request.netuid) {
    const name = request.commitId !== undefined ? `id ${request.commitId}` : request.commitHash;
    throw new ApiError(
      'COMMIT_NOT_FOUND',
      `no stored commit ${name} of hotkey ${request.wallet}/${request.hotkey} on netuid ${request.netuid}; list them with GET /wallet/commits`,
    );
  }
  return commit;
}

/** Throws COMMIT_NOT_REVEALABLE unless the chain would accept a reveal of `commit` now. */
export function checkRevealable(
  store: PendingCommitStore,
  commit: PendingCommit,
  currentBlock: number,
): void {
  const refuse = (reason: string) => {
    throw new ApiError('COMMIT_NOT_REVEALABLE', `commit ${commit.id} ${reason}`);
  };
  if (commit.commitBlock === null || commit.firstRevealBlock === null) {
    refuse(`never landed on chain (state ${commit.state}); commit again`);
  }
  if (!REVEALABLE_STATES.includes(commit.state)) {
    refuse(`is ${commit.state}, so there is nothing to reveal`);
  }
  const window = {
    firstRevealBlock: commit.firstRevealBlock!,
    lastRevealBlock: commit.lastRevealBlock!,
  };
  const position = windowPosition(window, currentBlock);
  if (position === 'early') {
    const blocksLeft = window.firstRevealBlock - (currentBlock + 1);
    refuse(
      `cannot be revealed before block ${window.firstRevealBlock} (${blocksLeft} blocks from now); the reveal scheduler sends it then`,
    );
  }
  if (position === 'passed') {
    store.markExpired(commit.id, currentBlock);
    refuse(`expired: its reveal window ended at block ${window.lastRevealBlock}`);
  }
}

/** Reveals a stored commit on request, as the scheduler would in its window. */
export async function revealWeightsNow(
  deps: WeightsDependencies,
  request: RevealRequest,
): Promise<RevealResult> {
  const signer = deps.signers.hotkey(request.wallet, request.hotkey);
  const commit = findOwnCommit(deps.commits, request, signer.address);
  const api = deps.connection.requireApi();
  const header = await api.rpc.chain.getHeader();
  checkRevealable(deps.commits, commit, header.number.toNumber());

  const { name } = revealCall(
    extrinsicTable(api),
    {
      netuid: commit.netuid,
      mechid: commit.mechid ?? undefined,
      specVersion: api.runtimeVersion.specVersion.toNumber(),
    },
    commit,
  );
  let outcome: TxOutcome | undefined;
  const sender = createRevealSender(deps, {
    waitForFinalization: request.waitForFinalization,
    onOutcome: (_id, result) => {
      outcome = result;
    },
  });
  await revealStoredCommit(deps.commits, commit, sender, REVEALABLE_STATES);
  return {
    outcome: outcome!,
    signer: signer.address,
    call: name,
    commit: deps.commits.get(commit.id)!,
  };
}

/** One-line description of a reveal request for the audit log. */
export function summarizeReveal(request: RevealRequest): string {
  const commit =
    request.commitId !== undefined
      ? `commit_id=${request.commitId}`
      : `commit_hash=${request.commitHash}`;
  return `netuid=${request.netuid} ${commit}`;
}
