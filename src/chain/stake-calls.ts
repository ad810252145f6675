import { planCall, type CallPlan, type CallSource } from './call-args.js';

export type StakeDirection = 'add' | 'remove';

export interface StakeCallInput {
  direction: StakeDirection;
  /** SS58 address of the hotkey staked to or unstaked from. */
  hotkey: string;
  /** Required by runtimes whose call takes a netuid (spec 343), rejected by the others (spec 103). */
  netuid?: number;
  /** Rao to stake; for unstaking, the amount of the hotkey's stake (alpha on dynamic-TAO runtimes). */
  amount: bigint;
  /** Selects `add_stake_limit` / `remove_stake_limit`, which the runtime must have. */
  limit?: { price: bigint; allowPartial: boolean };
}

const CALL_NAMES = {
  add: { plain: 'addStake', limited: 'addStakeLimit' },
  remove: { plain: 'removeStake', limited: 'removeStakeLimit' },
} as const;

/**
 * The amount argument is `amount_staked` or `amount_unstaked`, depending on
 * the call; both map to the request's `amount`.
 */
const STAKE_ALIASES = { amount_staked: 'amount', amount_unstaked: 'amount' } as const;

/** Plans `add_stake`, `remove_stake` or their `_limit` variants with the runtime's argument list. */
export function planStake(source: CallSource, input: StakeCallInput): CallPlan {
  const names = CALL_NAMES[input.direction];
  const call = input.limit ? names.limited : names.plain;
  return planCall(
    source,
    'subtensorModule',
    call,
    {
      hotkey: input.hotkey,
      netuid: input.netuid,
      amount: input.amount,
      limit_price: input.limit?.price,
      allow_partial: input.limit?.allowPartial,
    },
    STAKE_ALIASES,
  );
}
