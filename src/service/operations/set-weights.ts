import type { SpendLedger } from '../../audit/spend-ledger.js';
import type { ChainConnection } from '../../chain/connection.js';
import type { TransactionSubmitter, TxOutcome } from '../../chain/submitter.js';
import type { PendingCommit, PendingCommitStore } from '../../commits/index.js';
import type { KeySigner } from '../../keystore/signer.js';
import type { ColdkeyPolicy } from '../../security/coldkey-policy.js';
import type { SetWeightsBody } from '../schemas/set-weights.js';
import { commitWeightsHash } from './commit-weights.js';
import type { SignerSource } from './signer-source.js';
import {
  COMMIT_HASH_CALLS,
  directWeightsCall,
  extrinsicTable,
  hasCallPair,
  TIMELOCKED_COMMIT_CALLS,
  timelockedCommitCall,
  type WeightsTarget,
} from './weights-calls.js';
import { chooseWeightsPath, type WeightsPath } from './weights-path.js';
import { enforceRateLimit } from './weights-rate-limit.js';
import {
  readWeightsState,
  type WeightsStateReader,
  type WeightsSubnetState,
} from './weights-state.js';
import { buildTimelockedCommit } from './weights-timelock.js';
import {
  checkStorageIndex,
  parseVersionKey,
  toU16Weights,
  type WeightsFormat,
} from './weights-values.js';

/** A weights request after validation: u16 vectors, whatever format the client sent. */
export interface WeightsRequest {
  wallet: string;
  hotkey: string;
  netuid: number;
  /** Mechanism id; undefined when the request named none. */
  mechid: number | undefined;
  uids: number[];
  /** u16 values; float input is already converted. */
  weights: number[];
  weightsFormat: WeightsFormat;
  versionKey: bigint;
  /** Salt for a hash commit; generated when absent. */
  salt?: number[];
  waitForInclusion: boolean;
  waitForFinalization: boolean;
  /** Wait for `WeightsSetRateLimit` to pass instead of failing with WEIGHTS_RATE_LIMITED. */
  queueUntilAllowed: boolean;
}

/** The input of `setWeights`; kept under this name for existing callers. */
export type SetWeightsInput = WeightsRequest;

export interface TxDependencies {
  signers: SignerSource;
  connection: ChainConnection;
  submitter: TransactionSubmitter;
  txTimeoutMs: number;
  /** Current coldkey policy of the token file; coldkey routes only. */
  coldkeyPolicy?: () => ColdkeyPolicy;
  /** Daily coldkey spending; coldkey routes only. */
  spendLedger?: SpendLedger;
}

/** Dependencies of the weights routes beyond those for sending transactions. */
export interface WeightsDependencies extends TxDependencies {
  commits: PendingCommitStore;
  /** Reads subnet state; reads the connected chain when absent. */
  readState?: WeightsStateReader;
  /** Current time in milliseconds; `Date.now` when absent. */
  nowMs?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export interface SignedTxResult {
  outcome: TxOutcome;
  /** SS58 address of the key that signed. */
  signer: string;
}

export interface SetWeightsResult extends SignedTxResult {
  path: WeightsPath;
  /** The call sent, in snake_case: `set_weights`, `commit_timelocked_mechanism_weights`, … */
  call: string;
  /** Drand round the timelocked commit opens at. */
  revealRound?: number;
  /** The stored hash commit. */
  commit?: PendingCommit;
}

/** Turns a validated request body into the operation's input; throws InvalidRequestError. */
export function parseSetWeightsBody(body: SetWeightsBody): WeightsRequest {
  const data = body.transaction_data;
  const weightsFormat = data.weights_format ?? 'u16';
  checkStorageIndex(data.netuid, data.mechid);
  const { uids, weights } = toU16Weights(data.uids, data.weights, weightsFormat);
  return {
    wallet: body.wallet_name,
    hotkey: body.hotkey_name,
    netuid: data.netuid,
    mechid: data.mechid,
    uids,
    weights,
    weightsFormat,
    versionKey: parseVersionKey(data.version_key),
    waitForInclusion: data.wait_for_inclusion ?? false,
    waitForFinalization: data.wait_for_finalization ?? false,
    queueUntilAllowed: data.queue_until_allowed ?? false,
  };
}

/**
 * Reads the subnet state for the request's hotkey and checks the rate limit
 * (waiting for it when the request asked to queue). Nothing is signed yet.
 */
export async function readAllowedState(
  deps: WeightsDependencies,
  request: WeightsRequest,
  signer: KeySigner,
): Promise<WeightsSubnetState> {
  const read = deps.readState ?? ((query) => readWeightsState(deps.connection.requireApi(), query));
  const query = {
    netuid: request.netuid,
    storageIndex: checkStorageIndex(request.netuid, request.mechid),
    hotkey: signer.address,
  };
  const state = await read(query);
  return enforceRateLimit(state, {
    read: () => read(query),
    queue: request.queueUntilAllowed,
    timeoutMs: deps.txTimeoutMs,
    nowMs: deps.nowMs,
    sleep: deps.sleep,
  });
}

/**
 * Puts weights on chain the way the subnet requires: reads its
 * commit-reveal settings and the hotkey's rate limit, then sends
 * `set_weights`, a timelocked commit (CRv4) or a hash commit (CRv2) that
 * the reveal scheduler reveals later.
 * NOTE: only the direct path runs end to end, because the local spec 103
 * chain has no commit-reveal. Both commit paths are tested against spec 343
 * metadata only.
 */
export async function setWeights(
  deps: WeightsDependencies,
  request: WeightsRequest,
): Promise<SetWeightsResult> {
  const signer = deps.signers.hotkey(request.wallet, request.hotkey);
  const api = deps.connection.requireApi();
  const state = await readAllowedState(deps, request, signer);
  const table = extrinsicTable(api);
  const path = chooseWeightsPath(state, {
    timelockedCommit: hasCallPair(table, TIMELOCKED_COMMIT_CALLS),
    hashCommit: hasCallPair(table, COMMIT_HASH_CALLS),
  });
  const target: WeightsTarget = {
    netuid: request.netuid,
    mechid: request.mechid,
    specVersion: api.runtimeVersion.specVersion.toNumber(),
  };

  if (path === 'commit') {
    const result = await commitWeightsHash(deps, request, signer, state);
    return { ...result, path };
  }
  if (path === 'timelocked_commit') {
    return sendTimelockedCommit(deps, request, signer, state, target);
  }
  return sendDirect(deps, request, signer, target);
}

async function sendDirect(
  deps: WeightsDependencies,
  request: WeightsRequest,
  signer: KeySigner,
  target: WeightsTarget,
): Promise<SetWeightsResult> {
  // Fails before signing when the runtime lacks the call or the chain is away.
  const { name } = directWeightsCall(extrinsicTable(deps.connection.requireApi()), target, request);
  const outcome = await deps.submitter.submit(
    signer,
    (api) => directWeightsCall(extrinsicTable(api), target, request).call,
    submitOptions(deps, request),
  );
  return { outcome, signer: signer.address, path: 'direct', call: name };
}

async function sendTimelockedCommit(
  deps: WeightsDependencies,
  request: WeightsRequest,
  signer: KeySigner,
  state: WeightsSubnetState,
  target: WeightsTarget,
): Promise<SetWeightsResult> {
  const { ciphertext, revealRound } = buildTimelockedCommit({
    hotkey: signer.publicKey,
    uids: request.uids,
    weights: request.weights,
    versionKey: request.versionKey,
    storageIndex: checkStorageIndex(request.netuid, request.mechid),
    currentBlock: state.blockNumber,
    tempo: state.tempo,
    revealPeriodEpochs: state.revealPeriodEpochs,
    nowSeconds: (deps.nowMs ?? Date.now)() / 1000,
  });
  const commit = { ciphertext, revealRound, commitRevealVersion: state.commitRevealVersion };
  const { name } = timelockedCommitCall(
    extrinsicTable(deps.connection.requireApi()),
    target,
    commit,
  );
  const outcome = await deps.submitter.submit(
    signer,
    (api) => timelockedCommitCall(extrinsicTable(api), target, commit).call,
    submitOptions(deps, request),
  );
  return { outcome, signer: signer.address, path: 'timelocked_commit', call: name, revealRound };
}

function submitOptions(deps: TxDependencies, request: WeightsRequest) {
  return {
    waitForInclusion: request.waitForInclusion,
    waitForFinalization: request.waitForFinalization,
    timeoutMs: deps.txTimeoutMs,
  };
}

/** One-line description of the request for the audit log; contains no secret. */
export function summarizeSetWeights(input: WeightsRequest, path?: WeightsPath): string {
  const wait = input.waitForFinalization
    ? 'finalization'
    : input.waitForInclusion
      ? 'inclusion'
      : 'pool';
  const mechid = input.mechid === undefined ? '' : ` mechid=${input.mechid}`;
  const via = path === undefined ? '' : ` path=${path}`;
  return `netuid=${input.netuid}${mechid} uids=${input.uids.length} format=${input.weightsFormat} version_key=${input.versionKey} wait=${wait}${via}`;
}
