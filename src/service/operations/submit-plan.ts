import {
  buildExtrinsic,
  callSourceOf,
  type CallPlan,
  type CallSource,
} from '../../chain/call-args.js';
import type { KeySigner } from '../../keystore/signer.js';
import type { WaitOptions } from './coldkey-input.js';
import type { SignedTxResult, TxDependencies } from './set-weights.js';

/** Makes a call plan for the runtime at hand; run once to check and again at signing time. */
export type Planner = (source: CallSource) => CallPlan;

/**
 * Checks the plan against the connected runtime before anything is signed,
 * so a request that does not fit fails with 400 or 422 and no nonce is used.
 */
export function checkPlan(deps: TxDependencies, planner: Planner): CallPlan {
  return planner(callSourceOf(deps.connection.requireApi()));
}

/**
 * Signs and submits the planned call. The plan is made again from the
 * runtime the submitter signs against, in case the runtime changed.
 */
export async function submitPlanned(
  deps: TxDependencies,
  signer: KeySigner,
  planner: Planner,
  wait: WaitOptions,
): Promise<SignedTxResult> {
  const outcome = await deps.submitter.submit(
    signer,
    (api) => buildExtrinsic(api, planner(callSourceOf(api))),
    { ...wait, timeoutMs: deps.txTimeoutMs },
  );
  return { outcome, signer: signer.address };
}
