import { nameProblem } from '../keystore/names.js';
import type { ColdkeyPolicy, WalletColdkeyPolicy } from './coldkey-policy.js';
import { ss58PublicKey } from './coldkey-policy.js';
import {
  describeValue,
  expectRecord,
  fieldError,
  readBoolean,
  readNetuids,
  readRao,
  readStringList,
  rejectUnknownKeys,
} from './file-fields.js';

const POLICY_FIELDS = ['wallets'] as const;
const WALLET_FIELDS = ['coldkey'] as const;
const COLDKEY_FIELDS = [
  'enabled',
  'max_per_tx_rao',
  'max_per_day_rao',
  'allowed_destinations',
  'allowed_netuids',
] as const;

function readWalletPolicy(value: unknown, name: string): WalletColdkeyPolicy {
  const owner = `policy for wallet ${name}`;
  const wallet = expectRecord(value, owner, `policy.wallets.${name}`);
  rejectUnknownKeys(wallet, WALLET_FIELDS, owner);
  const coldkey = expectRecord(wallet.coldkey, owner, 'coldkey');
  rejectUnknownKeys(coldkey, COLDKEY_FIELDS, owner, 'coldkey.');
  if (coldkey.enabled === undefined) {
    throw fieldError(owner, 'coldkey.enabled', 'is missing; set it to true or false');
  }

  const rules: { -readonly [K in keyof WalletColdkeyPolicy]: WalletColdkeyPolicy[K] } = {
    enabled: readBoolean(coldkey.enabled, owner, 'coldkey.enabled', false),
  };
  if (coldkey.max_per_tx_rao !== undefined) {
    rules.maxPerTxRao = readRao(coldkey.max_per_tx_rao, owner, 'coldkey.max_per_tx_rao');
  }
  if (coldkey.max_per_day_rao !== undefined) {
    rules.maxPerDayRao = readRao(coldkey.max_per_day_rao, owner, 'coldkey.max_per_day_rao');
  }
  if (coldkey.allowed_destinations !== undefined) {
    const isAddress = (item: string) =>
      ss58PublicKey(item) === undefined ? 'is not a valid SS58 address' : undefined;
    const field = 'coldkey.allowed_destinations';
    rules.allowedDestinations = Object.freeze(
      readStringList(coldkey.allowed_destinations, owner, field, isAddress),
    );
  }
  if (coldkey.allowed_netuids !== undefined) {
    const field = 'coldkey.allowed_netuids';
    rules.allowedNetuids = Object.freeze(readNetuids(coldkey.allowed_netuids, owner, field));
  }
  return Object.freeze(rules);
}

/**
 * Validates the `policy` section of the token file:
 * `policy.wallets.<wallet>.coldkey` with `enabled` and optional limits.
 */
export function parsePolicySection(value: unknown): ColdkeyPolicy {
  const wallets = new Map<string, WalletColdkeyPolicy>();
  if (value === undefined || value === null) {
    return Object.freeze({ wallets });
  }
  const policy = expectRecord(value, 'policy', 'policy');
  rejectUnknownKeys(policy, POLICY_FIELDS, 'policy', 'policy.');
  const entries = expectRecord(policy.wallets ?? {}, 'policy', 'policy.wallets');

  for (const [name, entry] of Object.entries(entries)) {
    const problem = nameProblem(name);
    if (problem !== undefined) {
      throw fieldError(
        'policy',
        `wallets.${describeValue(name)}`,
        `is not a wallet name: it ${problem}`,
      );
    }
    wallets.set(name, readWalletPolicy(entry, name));
  }
  return Object.freeze({ wallets });
}
