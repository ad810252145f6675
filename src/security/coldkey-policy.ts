import { u8aToHex } from '@polkadot/util';
import { decodeAddress } from '@polkadot/util-crypto';
import { ALLOW, deny, displayName, type Decision } from './decision.js';

/** Coldkey operations the policy governs; `unstake` moves funds back to the coldkey. */
export type ColdkeyOperation = 'stake' | 'unstake' | 'transfer' | 'register';

/** Limits on one wallet's coldkey; amounts are in rao (1 TAO = 10^9 rao). */
export interface WalletColdkeyPolicy {
  readonly enabled: boolean;
  readonly maxPerTxRao?: bigint;
  readonly maxPerDayRao?: bigint;
  /** SS58 addresses as written in the file; compared by public key, so any prefix matches. */
  readonly allowedDestinations?: readonly string[];
  readonly allowedNetuids?: readonly number[];
}

/** Coldkey policy per wallet name; a wallet without an entry has its coldkey disabled. */
export interface ColdkeyPolicy {
  readonly wallets: ReadonlyMap<string, WalletColdkeyPolicy>;
}

export const EMPTY_COLDKEY_POLICY: ColdkeyPolicy = Object.freeze({ wallets: new Map() });

export interface ColdkeyRequest {
  wallet: string;
  operation: ColdkeyOperation;
  amountRao: bigint;
  /** SS58 address receiving the funds (transfer) or the hotkey staked to. */
  destination?: string;
  netuid?: number;
}

/** Returns the hex public key of an SS58 address, or undefined when it is not valid SS58. */
export function ss58PublicKey(address: string): string | undefined {
  try {
    return u8aToHex(decodeAddress(address));
  } catch {
    return undefined;
  }
}

function checkAmount(
  rules: WalletColdkeyPolicy,
  request: ColdkeyRequest,
  spentTodayRao: bigint,
): Decision {
  const { operation, amountRao, wallet } = request;
  const name = displayName(wallet);
  if (amountRao < 0n) {
    return deny(`${operation} amount ${amountRao} rao is negative`);
  }
  if (rules.maxPerTxRao !== undefined && amountRao > rules.maxPerTxRao) {
    return deny(
      `${operation} of ${amountRao} rao exceeds max_per_tx_rao ${rules.maxPerTxRao} of wallet ${name}`,
    );
  }
  const total = spentTodayRao + amountRao;
  if (rules.maxPerDayRao !== undefined && total > rules.maxPerDayRao) {
    return deny(
      `${operation} of ${amountRao} rao after ${spentTodayRao} rao today ` +
        `exceeds max_per_day_rao ${rules.maxPerDayRao} of wallet ${name}`,
    );
  }
  return ALLOW;
}

/**
 * Checks the destination against `allowed_destinations`. A transfer must
 * name one when the list is set; other operations are checked when they name one.
 */
function checkDestination(rules: WalletColdkeyPolicy, request: ColdkeyRequest): Decision {
  const allowed = rules.allowedDestinations;
  if (allowed === undefined) {
    return ALLOW;
  }
  const name = displayName(request.wallet);
  if (request.destination === undefined) {
    return request.operation === 'transfer'
      ? deny(
          `transfer from wallet ${name} names no destination, but the wallet has allowed_destinations`,
        )
      : ALLOW;
  }
  const key = ss58PublicKey(request.destination);
  const destination = displayName(request.destination);
  if (key === undefined) {
    return deny(`destination ${destination} is not a valid SS58 address`);
  }
  if (!allowed.some((address) => ss58PublicKey(address) === key)) {
    return deny(`destination ${destination} is not in allowed_destinations of wallet ${name}`);
  }
  return ALLOW;
}

/**
 * Checks the netuid against `allowed_netuids`. Stake, unstake and register
 * act on a subnet, so they must name one when the list is set.
 */
function checkNetuid(rules: WalletColdkeyPolicy, request: ColdkeyRequest): Decision {
  const allowed = rules.allowedNetuids;
  if (allowed === undefined) {
    return ALLOW;
  }
  const name = displayName(request.wallet);
  if (request.netuid === undefined) {
    return request.operation === 'transfer'
      ? ALLOW
      : deny(
          `${request.operation} for wallet ${name} names no netuid, but the wallet has allowed_netuids`,
        );
  }
  if (!allowed.includes(request.netuid)) {
    return deny(
      `netuid ${request.netuid} is not in allowed_netuids ${allowed.join(', ')} of wallet ${name}`,
    );
  }
  return ALLOW;
}

/**
 * Decides whether a coldkey operation fits the wallet's policy. Default-deny:
 * a wallet without an enabled policy entry is refused. `spentTodayRao` is the
 * amount already moved by this wallet's coldkey today, summed by the caller.
 */
export function checkColdkeyPolicy(
  policy: ColdkeyPolicy,
  request: ColdkeyRequest,
  spentTodayRao: bigint,
): Decision {
  if (spentTodayRao < 0n) {
    throw new RangeError(
      `spentTodayRao ${spentTodayRao} is negative; pass the sum of today's amounts`,
    );
  }
  const name = displayName(request.wallet);
  const rules = policy.wallets.get(request.wallet);
  if (rules === undefined) {
    return deny(
      `wallet ${name} has no coldkey policy, so its coldkey is disabled; add policy.wallets.${name}.coldkey`,
    );
  }
  if (!rules.enabled) {
    return deny(`coldkey operations are disabled for wallet ${name}`);
  }
  for (const check of [
    () => checkAmount(rules, request, spentTodayRao),
    () => checkDestination(rules, request),
    () => checkNetuid(rules, request),
  ]) {
    const decision = check();
    if (!decision.allowed) {
      return decision;
    }
  }
  return ALLOW;
}
