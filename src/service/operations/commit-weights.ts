import { generateSalt, revealWindow, type PendingCommit } from '../../commits/index.js';
import type { KeySigner } from '../../keystore/signer.js';
import { weightCommitHashHex } from '../../weights/index.js';
import type { CommitWeightsBody } from '../schemas/commits.js';
import {
  parseSetWeightsBody,
  readAllowedState,
  type SignedTxResult,
  type WeightsDependencies,
  type WeightsRequest,
} from './set-weights.js';
import { COMMIT_HASH_CALLS, commitHashCall, extrinsicTable, requireCall } from './weights-calls.js';
import type { WeightsSubnetState } from './weights-state.js';

export interface HashCommitResult extends SignedTxResult {
  call: string;
  /** The stored commit after the outcome was recorded. */
  commit: PendingCommit;
}

/**
 * Commits the hash of `request`'s weights (CRv2) and stores the commit with
 * its salt so that the reveal scheduler can reveal it. The row is written
 * before the transaction is signed and updated once the outcome is known,
 * so a crash in between leaves a trace, never a lost salt. The call always
 * waits for its block: the reveal window starts from the commit block.
 */
export async function commitWeightsHash(
  deps: WeightsDependencies,
  request: WeightsRequest,
  signer: KeySigner,
  state: WeightsSubnetState,
): Promise<HashCommitResult> {
  const salt = request.salt ?? generateSalt();
  const commitHash = weightCommitHashHex({
    hotkey: signer.publicKey,
    netuid: request.netuid,
    mecid: request.mechid ?? 0,
    uids: request.uids,
    values: request.weights,
    salt,
    versionKey: request.versionKey,
  });
  const api = deps.connection.requireApi();
  const target = {
    netuid: request.netuid,
    mechid: request.mechid,
    specVersion: api.runtimeVersion.specVersion.toNumber(),
  };
  // Fails before anything is stored when the runtime has no commit call.
  const { name } = commitHashCall(extrinsicTable(api), target, commitHash);

  const stored = deps.commits.insert({
    wallet: request.wallet,
    hotkeyName: request.hotkey,
    hotkeyAddress: signer.address,
    netuid: request.netuid,
    mechid: request.mechid ?? null,
    uids: request.uids,
    weights: request.weights,
    salt,
    versionKey: request.versionKey,
    commitHash,
  });

  let outcome;
  try {
    outcome = await deps.submitter.submit(
      signer,
      (current) => commitHashCall(extrinsicTable(current), target, commitHash).call,
      {
        waitForInclusion: true,
        waitForFinalization: request.waitForFinalization,
        timeoutMs: deps.txTimeoutMs,
      },
    );
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const txHash = (error as { txHash?: string }).txHash;
    deps.commits.markFailed(stored.id, message, txHash);
    throw error;
  }

  if (outcome.dispatchError || outcome.blockNumber === undefined) {
    const reason = outcome.dispatchError
      ? `${outcome.dispatchError.pallet}.${outcome.dispatchError.name}`
      : 'the commit block is unknown';
    deps.commits.markFailed(stored.id, reason, outcome.txHash);
  } else {
    // NOTE: the window uses the netuid and the tempo at commit time; for mechid > 0 this
    // assumes Subtensor counts epochs by netuid, which no chain here could confirm.
    const window = revealWindow({
      netuid: request.netuid,
      tempo: state.tempo,
      revealPeriodEpochs: state.revealPeriodEpochs,
      commitBlock: outcome.blockNumber,
    });
    deps.commits.markCommitted(stored.id, {
      txHash: outcome.txHash,
      commitBlock: outcome.blockNumber,
      firstRevealBlock: window.firstRevealBlock,
      lastRevealBlock: window.lastRevealBlock,
    });
  }
  return { outcome, signer: signer.address, call: name, commit: deps.commits.get(stored.id)! };
}

/** Turns a validated commit body into a weights request with its optional salt. */
export function parseCommitWeightsBody(body: CommitWeightsBody): WeightsRequest {
  const request = parseSetWeightsBody(body);
  const salt = body.transaction_data.salt;
  return salt === undefined ? request : { ...request, salt };
}

/**
 * Commits weights as a hash (CRv2) on request: checks the rate limit as
 * `set_weights` does (Subtensor applies `WeightsSetRateLimit` to commits
 * too), then commits and stores. Whether commit-reveal is on is the chain's
 * decision: it rejects with `CommitRevealDisabled`, and the stored commit is
 * marked failed.
 */
export async function commitWeights(
  deps: WeightsDependencies,
  request: WeightsRequest,
): Promise<HashCommitResult> {
  const signer = deps.signers.hotkey(request.wallet, request.hotkey);
  const api = deps.connection.requireApi();
  // A runtime without commit calls is rejected before the rate limit is read.
  requireCall(extrinsicTable(api), COMMIT_HASH_CALLS, {
    netuid: request.netuid,
    mechid: request.mechid,
    specVersion: api.runtimeVersion.specVersion.toNumber(),
  });
  const state = await readAllowedState(deps, request, signer);
  return commitWeightsHash(deps, request, signer, state);
}
