import { readBurnCost, planBurnedRegister } from '../../chain/registration-calls.js';
import type { BurnedRegisterBody } from '../schemas/burned-register.js';
import { targetHotkey, waitOptions, waitSummary, type WaitOptions } from './coldkey-input.js';
import { withinColdkeyPolicy } from './coldkey-guard.js';
import type { SignedTxResult, TxDependencies } from './set-weights.js';
import type { SignerSource } from './signer-source.js';
import { checkPlan, submitPlanned, type Planner } from './submit-plan.js';

export interface BurnedRegisterInput {
  wallet: string;
  /** Name of the wallet's hotkey, when the request named it. */
  hotkeyName: string | undefined;
  /** SS58 address of the hotkey to register. */
  hotkey: string;
  netuid: number;
  wait: WaitOptions;
}

/** A coldkey transaction with the amount counted against the coldkey policy. */
export interface ValueTxResult extends SignedTxResult {
  amountRao: bigint;
}

export function parseBurnedRegisterBody(
  body: BurnedRegisterBody,
  signers: SignerSource,
): BurnedRegisterInput {
  const data = body.transaction_data;
  return {
    wallet: body.wallet_name,
    hotkeyName: body.hotkey_name,
    hotkey: targetHotkey(signers, body.wallet_name, body.hotkey_name, data.hotkey),
    netuid: data.netuid,
    wait: waitOptions(data),
  };
}

/**
 * Signs `burned_register` with the coldkey. The policy counts the subnet's
 * current burn (`SubtensorModule.Burn`), which is what the chain charges.
 */
export async function burnedRegister(
  deps: TxDependencies,
  input: BurnedRegisterInput,
  requestId: string,
): Promise<ValueTxResult> {
  const signer = deps.signers.coldkey(input.wallet);
  const planner: Planner = (source) => planBurnedRegister(source, input.netuid, input.hotkey);
  checkPlan(deps, planner);
  const amountRao = await readBurnCost(deps.connection.requireApi(), input.netuid);
  const request = {
    wallet: input.wallet,
    operation: 'register',
    amountRao,
    netuid: input.netuid,
  } as const;
  const result = await withinColdkeyPolicy(deps, request, requestId, () =>
    submitPlanned(deps, signer, planner, input.wait),
  );
  return { ...result, amountRao };
}

export function summarizeBurnedRegister(input: BurnedRegisterInput): string {
  return `netuid=${input.netuid} hotkey=${input.hotkey} wait=${waitSummary(input.wait)}`;
}
