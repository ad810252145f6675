import { parseRao } from '../../chain/amount.js';
import { planStake, type StakeDirection } from '../../chain/stake-calls.js';
import type { StakeBody } from '../schemas/stake.js';
import type { ValueTxResult } from './burned-register.js';
import { withinColdkeyPolicy } from './coldkey-guard.js';
import { targetHotkey, waitOptions, waitSummary, type WaitOptions } from './coldkey-input.js';
import { InvalidRequestError } from './invalid-request.js';
import type { TxDependencies } from './set-weights.js';
import type { SignerSource } from './signer-source.js';
import { checkPlan, submitPlanned, type Planner } from './submit-plan.js';

export interface StakeInput {
  direction: StakeDirection;
  wallet: string;
  hotkeyName: string | undefined;
  /** SS58 address of the hotkey staked to or unstaked from. */
  hotkey: string;
  netuid: number | undefined;
  amountRao: bigint;
  limit: { price: bigint; allowPartial: boolean } | undefined;
  wait: WaitOptions;
}

function parseLimit(data: StakeBody['transaction_data']): StakeInput['limit'] {
  if (data.limit_price === undefined) {
    if (data.allow_partial !== undefined) {
      throw new InvalidRequestError(
        'allow_partial applies only with limit_price; send limit_price or leave allow_partial out',
      );
    }
    return undefined;
  }
  return {
    price: parseRao(data.limit_price, 'transaction_data.limit_price'),
    allowPartial: data.allow_partial ?? false,
  };
}

export function parseStakeBody(
  body: StakeBody,
  direction: StakeDirection,
  signers: SignerSource,
): StakeInput {
  const data = body.transaction_data;
  return {
    direction,
    wallet: body.wallet_name,
    hotkeyName: body.hotkey_name,
    hotkey: targetHotkey(signers, body.wallet_name, body.hotkey_name, data.hotkey),
    netuid: data.netuid,
    amountRao: parseRao(data.amount, 'transaction_data.amount'),
    limit: parseLimit(data),
    wait: waitOptions(data),
  };
}

/**
 * Signs `add_stake` or `remove_stake` (or the `_limit` variant when a limit
 * price is set) with the wallet's coldkey, within the coldkey policy.
 */
export async function stake(
  deps: TxDependencies,
  input: StakeInput,
  requestId: string,
): Promise<ValueTxResult> {
  const signer = deps.signers.coldkey(input.wallet);
  const planner: Planner = (source) =>
    planStake(source, {
      direction: input.direction,
      hotkey: input.hotkey,
      netuid: input.netuid,
      amount: input.amountRao,
      limit: input.limit,
    });
  checkPlan(deps, planner);
  const request = {
    wallet: input.wallet,
    operation: input.direction === 'add' ? 'stake' : 'unstake',
    amountRao: input.amountRao,
    destination: input.hotkey,
    netuid: input.netuid,
  } as const;
  const result = await withinColdkeyPolicy(deps, request, requestId, () =>
    submitPlanned(deps, signer, planner, input.wait),
  );
  return { ...result, amountRao: input.amountRao };
}

export function summarizeStake(input: StakeInput): string {
  const parts = [
    `hotkey=${input.hotkey}`,
    `amount_rao=${input.amountRao}`,
    input.netuid === undefined ? '' : `netuid=${input.netuid}`,
    input.limit ? `limit_price=${input.limit.price} allow_partial=${input.limit.allowPartial}` : '',
    `wait=${waitSummary(input.wait)}`,
  ];
  return parts.filter(Boolean).join(' ');
}
