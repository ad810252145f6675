import { findCall } from '../../chain/calls.js';
import type { ChainConnection } from '../../chain/connection.js';
import type { TransactionSubmitter, TxOutcome } from '../../chain/submitter.js';
import type { SetWeightsBody } from '../schemas/set-weights.js';
import type { SignerSource } from './signer-source.js';
import { checkUidsAndWeights, parseU64 } from './weights-input.js';

export interface SetWeightsInput {
  wallet: string;
  hotkey: string;
  netuid: number;
  uids: number[];
  weights: number[];
  versionKey: bigint;
  waitForInclusion: boolean;
  waitForFinalization: boolean;
}

export interface TxDependencies {
  signers: SignerSource;
  connection: ChainConnection;
  submitter: TransactionSubmitter;
  txTimeoutMs: number;
}

export interface SignedTxResult {
  outcome: TxOutcome;
  /** SS58 address of the key that signed. */
  signer: string;
}

/** Turns a validated request body into the operation's input; throws InvalidRequestError. */
export function parseSetWeightsBody(body: SetWeightsBody): SetWeightsInput {
  const data = body.transaction_data;
  checkUidsAndWeights(data.uids, data.weights);
  return {
    wallet: body.wallet_name,
    hotkey: body.hotkey_name,
    netuid: data.netuid,
    uids: data.uids,
    weights: data.weights,
    versionKey: parseU64(data.version_key, 'version_key'),
    waitForInclusion: data.wait_for_inclusion ?? false,
    waitForFinalization: data.wait_for_finalization ?? false,
  };
}

/** Signs `set_weights` with the named hotkey and submits it. */
export async function setWeights(
  deps: TxDependencies,
  input: SetWeightsInput,
): Promise<SignedTxResult> {
  const signer = deps.signers.hotkey(input.wallet, input.hotkey);
  // Fail before signing when the runtime lacks the call or the chain is away.
  findCall(deps.connection.requireApi(), 'subtensorModule', 'setWeights');
  const outcome = await deps.submitter.submit(
    signer,
    (api) =>
      findCall(api, 'subtensorModule', 'setWeights')(
        input.netuid,
        input.uids,
        input.weights,
        input.versionKey,
      ),
    {
      waitForInclusion: input.waitForInclusion,
      waitForFinalization: input.waitForFinalization,
      timeoutMs: deps.txTimeoutMs,
    },
  );
  return { outcome, signer: signer.address };
}

/** One-line description of the request for the audit log; holds no secret. */
export function summarizeSetWeights(input: SetWeightsInput): string {
  const wait = input.waitForFinalization
    ? 'finalization'
    : input.waitForInclusion
      ? 'inclusion'
      : 'pool';
  return `netuid=${input.netuid} uids=${input.uids.length} version_key=${input.versionKey} wait=${wait}`;
}
