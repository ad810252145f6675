import type { SubmittableExtrinsic } from '@polkadot/api/types';
import { camelCaseName, callSourceOf } from '../../chain/call-args.js';
import {
  buildDecodedCall,
  decodeCall,
  type CallArgsInput,
  type DecodedCall,
} from '../../chain/generic-call.js';
import type { KeySigner } from '../../keystore/signer.js';
import type { Operation } from '../../security/operations.js';
import type { SubmitBody } from '../schemas/submit.js';
import { currentPolicy, policyDenied, withinColdkeyPolicy } from './coldkey-guard.js';
import { waitOptions, waitSummary, type WaitOptions } from './coldkey-input.js';
import { InvalidRequestError } from './invalid-request.js';
import type { SignedTxResult, TxDependencies } from './set-weights.js';
import { submitPermission } from './submit-permission.js';
import { checkUnmeasuredCall, measureColdkeyCall } from './submit-policy.js';

export interface SubmitInput {
  wallet: string;
  key: 'hotkey' | 'coldkey';
  hotkey: string | undefined;
  /** camelCase, as `@polkadot/api` names pallets and calls. */
  pallet: string;
  call: string;
  args: CallArgsInput;
  /** Token operation this call needs. */
  permission: Operation;
  wait: WaitOptions;
}

export interface PreparedSubmit {
  input: SubmitInput;
  signer: KeySigner;
  decoded: DecodedCall;
}

export interface SubmitResult extends SignedTxResult {
  /** Amount the coldkey policy counted, for calls it measures. */
  amountRao?: bigint;
}

export function parseSubmitBody(body: SubmitBody): SubmitInput {
  if (body.key === 'hotkey' && body.hotkey_name === undefined) {
    throw new InvalidRequestError('key hotkey needs hotkey_name; name the hotkey that signs');
  }
  if (body.key === 'coldkey' && body.hotkey_name !== undefined) {
    throw new InvalidRequestError(
      'key coldkey signs with the wallet coldkey; leave hotkey_name out, or use key hotkey',
    );
  }
  const pallet = camelCaseName(body.pallet);
  const call = camelCaseName(body.call);
  return {
    wallet: body.wallet_name,
    key: body.key,
    hotkey: body.hotkey_name,
    pallet,
    call,
    args: body.args,
    permission: submitPermission(body.key, pallet, call),
    wait: waitOptions(body),
  };
}

/**
 * Finds the signer and checks the call and its arguments against the
 * connected runtime, without signing. Throws UnsupportedCallError for an
 * unknown call and CallArgumentError (400) naming a bad argument.
 */
export function prepareSubmit(deps: TxDependencies, input: SubmitInput): PreparedSubmit {
  const signer =
    input.key === 'hotkey'
      ? deps.signers.hotkey(input.wallet, input.hotkey!)
      : deps.signers.coldkey(input.wallet);
  const source = callSourceOf(deps.connection.requireApi());
  const decoded = decodeCall(source, input.pallet, input.call, input.args);
  return { input, signer, decoded };
}

/** Lists the netuids the call names in `netuid` or `netuids`, for the token's netuid limit. */
export function callNetuids(decoded: DecodedCall): number[] {
  const netuids: number[] = [];
  for (const arg of decoded.args) {
    if (arg.name === 'netuid') {
      netuids.push(Number(arg.value.toString()));
    } else if (arg.name === 'netuids') {
      const list = arg.value.toJSON();
      if (Array.isArray(list)) {
        netuids.push(...list.map(Number));
      }
    }
  }
  return netuids;
}

async function sign(deps: TxDependencies, prepared: PreparedSubmit): Promise<SignedTxResult> {
  const { input, signer } = prepared;
  const outcome = await deps.submitter.submit(
    signer,
    (api) => {
      const source = callSourceOf(api);
      const decoded = decodeCall(source, input.pallet, input.call, input.args);
      return buildDecodedCall(source, decoded) as SubmittableExtrinsic<'promise'>;
    },
    { ...input.wait, timeoutMs: deps.txTimeoutMs },
  );
  return { outcome, signer: signer.address };
}

/**
 * Signs and submits a prepared call. Coldkey calls pass the wallet's
 * coldkey policy first: value-moving calls it can measure are checked and
 * counted like the dedicated routes, other calls only pass a policy
 * without limits.
 */
export async function submitCall(
  deps: TxDependencies,
  prepared: PreparedSubmit,
  requestId: string,
): Promise<SubmitResult> {
  const { input, signer, decoded } = prepared;
  if (input.key === 'hotkey') {
    return sign(deps, prepared);
  }
  const api = deps.connection.requireApi();
  const request = await measureColdkeyCall(api, input.wallet, signer.address, decoded);
  if (request === undefined) {
    const name = `${input.pallet}.${input.call}`;
    const decision = checkUnmeasuredCall(currentPolicy(deps), input.wallet, name);
    if (!decision.allowed) {
      policyDenied(name, decision);
    }
    return sign(deps, prepared);
  }
  const result = await withinColdkeyPolicy(deps, request, requestId, () => sign(deps, prepared));
  return { ...result, amountRao: request.amountRao };
}

export function summarizeSubmit(input: SubmitInput): string {
  const signer = input.key === 'hotkey' ? `hotkey=${input.hotkey}` : 'key=coldkey';
  return `call=${input.pallet}.${input.call} ${signer} wait=${waitSummary(input.wait)}`;
}
