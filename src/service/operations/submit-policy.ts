import type { ApiPromise } from '@polkadot/api';
import type { Codec } from '@polkadot/types/types';
import { readFreeBalance } from '../../chain/balance-storage.js';
import { decodedArgument, type DecodedCall } from '../../chain/generic-call.js';
import { readBurnCost } from '../../chain/registration-calls.js';
import type {
  ColdkeyOperation,
  ColdkeyPolicy,
  ColdkeyRequest,
} from '../../security/coldkey-policy.js';
import { ALLOW, deny, displayName, type Decision } from '../../security/decision.js';

/** Source of the amount of a value-moving call. */
type AmountSource = { argument: string } | 'free_balance' | 'burn';

interface MeasuredCallRule {
  operation: ColdkeyOperation;
  amount: AmountSource;
  /** Argument holding the receiving account or the hotkey. */
  destination?: string;
}

/**
 * Coldkey calls whose amount the policy can measure. A call missing here
 * could still move funds (batches, proxies, stake moves), so it passes only
 * when the wallet's policy sets no limit at all.
 */
const MEASURED_CALLS: Readonly<Record<string, MeasuredCallRule>> = {
  'balances.transfer': {
    operation: 'transfer',
    amount: { argument: 'value' },
    destination: 'dest',
  },
  'balances.transferKeepAlive': {
    operation: 'transfer',
    amount: { argument: 'value' },
    destination: 'dest',
  },
  'balances.transferAllowDeath': {
    operation: 'transfer',
    amount: { argument: 'value' },
    destination: 'dest',
  },
  'balances.transferAll': { operation: 'transfer', amount: 'free_balance', destination: 'dest' },
  'subtensorModule.addStake': {
    operation: 'stake',
    amount: { argument: 'amount_staked' },
    destination: 'hotkey',
  },
  'subtensorModule.addStakeLimit': {
    operation: 'stake',
    amount: { argument: 'amount_staked' },
    destination: 'hotkey',
  },
  'subtensorModule.removeStake': {
    operation: 'unstake',
    amount: { argument: 'amount_unstaked' },
    destination: 'hotkey',
  },
  'subtensorModule.removeStakeLimit': {
    operation: 'unstake',
    amount: { argument: 'amount_unstaked' },
    destination: 'hotkey',
  },
  'subtensorModule.burnedRegister': { operation: 'register', amount: 'burn' },
};

/** SS58 of an AccountId or of the `Id` variant of a MultiAddress; other forms are unknown. */
function accountOf(value: Codec | undefined): string | undefined {
  if (value === undefined) {
    return undefined;
  }
  const address = value as Codec & { isId?: boolean; asId?: Codec };
  if (address.isId !== undefined) {
    return address.isId ? address.asId?.toString() : undefined;
  }
  return value.toString();
}

function netuidOf(decoded: DecodedCall): number | undefined {
  const value = decodedArgument(decoded, 'netuid');
  return value === undefined ? undefined : Number(value.toString());
}

async function amountOf(
  api: ApiPromise,
  decoded: DecodedCall,
  source: AmountSource,
  signer: string,
): Promise<bigint> {
  if (source === 'free_balance') {
    return readFreeBalance(api, signer);
  }
  if (source === 'burn') {
    return readBurnCost(api, netuidOf(decoded) ?? 0);
  }
  const value = decodedArgument(decoded, source.argument);
  if (value === undefined) {
    throw new Error(`${decoded.pallet}.${decoded.call} has no argument ${source.argument}`);
  }
  return BigInt(value.toString());
}

/**
 * Builds the policy request of a generic coldkey call; returns undefined
 * when the policy cannot measure the call.
 */
export async function measureColdkeyCall(
  api: ApiPromise,
  wallet: string,
  signer: string,
  decoded: DecodedCall,
): Promise<ColdkeyRequest | undefined> {
  const rule = MEASURED_CALLS[`${decoded.pallet}.${decoded.call}`];
  if (rule === undefined) {
    return undefined;
  }
  const request: ColdkeyRequest = {
    wallet,
    operation: rule.operation,
    amountRao: await amountOf(api, decoded, rule.amount, signer),
    netuid: netuidOf(decoded),
  };
  if (rule.destination !== undefined) {
    request.destination = accountOf(decodedArgument(decoded, rule.destination));
  }
  return request;
}

const LIMIT_FIELDS = [
  ['maxPerTxRao', 'max_per_tx_rao'],
  ['maxPerDayRao', 'max_per_day_rao'],
  ['allowedDestinations', 'allowed_destinations'],
  ['allowedNetuids', 'allowed_netuids'],
] as const;

/**
 * Decides a coldkey call the policy cannot measure: allowed only when the
 * wallet's coldkey is enabled with no limit, since no limit could be checked.
 */
export function checkUnmeasuredCall(
  policy: ColdkeyPolicy,
  wallet: string,
  callName: string,
): Decision {
  const name = displayName(wallet);
  const rules = policy.wallets.get(wallet);
  if (rules === undefined) {
    return deny(
      `wallet ${name} has no coldkey policy, so its coldkey is disabled; add policy.wallets.${name}.coldkey`,
    );
  }
  if (!rules.enabled) {
    return deny(`coldkey operations are disabled for wallet ${name}`);
  }
  const limit = LIMIT_FIELDS.find(([field]) => rules[field] !== undefined);
  if (limit !== undefined) {
    return deny(
      `wallet ${name} has ${limit[1]}, which cannot be checked for ${callName}; use the route for that operation, or a wallet whose coldkey policy sets no limits`,
    );
  }
  return ALLOW;
}
