import { encodeAddress } from '@polkadot/util-crypto';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import {
  checkColdkeyPolicy,
  type ColdkeyPolicy,
  type ColdkeyRequest,
} from '../../src/security/coldkey-policy.js';
import { parseTokenFile } from '../../src/security/token-file.js';

const ALICE = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY';
const BOB = '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty';
const TAO = 1_000_000_000n;

/** Parses a policy through the file format, as the service gets it. */
function policyOf(wallets: Record<string, unknown>): ColdkeyPolicy {
  return parseTokenFile(stringify({ policy: { wallets } }), 'tokens.yaml').policy;
}

const policy = policyOf({
  owner: {
    coldkey: {
      enabled: true,
      max_per_tx_rao: String(2n * TAO),
      max_per_day_rao: String(5n * TAO),
      allowed_destinations: [ALICE],
      allowed_netuids: [1, 3],
    },
  },
  open: { coldkey: { enabled: true } },
  locked: { coldkey: { enabled: false, max_per_tx_rao: '1' } },
});

function transfer(amountRao: bigint, destination = ALICE): ColdkeyRequest {
  return { wallet: 'owner', operation: 'transfer', amountRao, destination };
}

function reasonOf(request: ColdkeyRequest, spentToday = 0n): string {
  const decision = checkColdkeyPolicy(policy, request, spentToday);
  if (decision.allowed) {
    throw new Error('expected a denial');
  }
  return decision.reason;
}

describe('checkColdkeyPolicy', () => {
  it('allows a transfer within every limit', () => {
    expect(checkColdkeyPolicy(policy, transfer(2n * TAO), 3n * TAO)).toEqual({ allowed: true });
  });

  it('enforces the per-transaction maximum', () => {
    expect(reasonOf(transfer(2n * TAO + 1n))).toBe(
      'transfer of 2000000001 rao exceeds max_per_tx_rao 2000000000 of wallet owner',
    );
  });

  it('enforces the daily maximum', () => {
    expect(checkColdkeyPolicy(policy, transfer(TAO), 4n * TAO).allowed).toBe(true);
    expect(reasonOf(transfer(TAO), 4n * TAO + 1n)).toBe(
      'transfer of 1000000000 rao after 4000000001 rao today exceeds max_per_day_rao 5000000000 of wallet owner',
    );
  });

  it('compares amounts above 2^53 exactly', () => {
    const big = policyOf({
      whale: { coldkey: { enabled: true, max_per_tx_rao: '9007199254740993' } },
    });
    const request = (amountRao: bigint): ColdkeyRequest => ({
      wallet: 'whale',
      operation: 'stake',
      amountRao,
    });
    expect(checkColdkeyPolicy(big, request(9_007_199_254_740_993n), 0n).allowed).toBe(true);
    expect(checkColdkeyPolicy(big, request(9_007_199_254_740_994n), 0n).allowed).toBe(false);
  });

  it('enforces allowed destinations', () => {
    expect(reasonOf(transfer(TAO, BOB))).toBe(
      `destination ${BOB} is not in allowed_destinations of wallet owner`,
    );
  });

  it('matches destinations by public key', () => {
    const alicePolkadot = encodeAddress(ALICE, 0);
    expect(alicePolkadot).not.toBe(ALICE);
    expect(checkColdkeyPolicy(policy, transfer(TAO, alicePolkadot), 0n).allowed).toBe(true);
  });

  it('requires a destination for transfers', () => {
    const request: ColdkeyRequest = { wallet: 'owner', operation: 'transfer', amountRao: TAO };
    expect(reasonOf(request)).toBe(
      'transfer from wallet owner names no destination, but the wallet has allowed_destinations',
    );
  });

  it('rejects an invalid destination', () => {
    expect(reasonOf(transfer(TAO, 'not-an-address'))).toBe(
      'destination not-an-address is not a valid SS58 address',
    );
  });

  it('enforces allowed netuids', () => {
    const stake = (netuid?: number): ColdkeyRequest => ({
      wallet: 'owner',
      operation: 'stake',
      amountRao: TAO,
      netuid,
    });
    expect(checkColdkeyPolicy(policy, stake(3), 0n).allowed).toBe(true);
    expect(reasonOf(stake(2))).toBe('netuid 2 is not in allowed_netuids 1, 3 of wallet owner');
    expect(reasonOf(stake())).toMatch(/stake for wallet owner names no netuid/);
  });

  it('checks a register netuid', () => {
    const register: ColdkeyRequest = {
      wallet: 'owner',
      operation: 'register',
      amountRao: TAO,
      netuid: 7,
    };
    expect(reasonOf(register)).toMatch(/netuid 7 is not in allowed_netuids/);
  });

  it('denies wallets without a policy', () => {
    const request: ColdkeyRequest = { wallet: 'stranger', operation: 'stake', amountRao: 1n };
    expect(reasonOf(request)).toBe(
      'wallet stranger has no coldkey policy, so its coldkey is disabled; add policy.wallets.stranger.coldkey',
    );
  });

  it('denies disabled wallets', () => {
    const request: ColdkeyRequest = { wallet: 'locked', operation: 'unstake', amountRao: 1n };
    expect(reasonOf(request)).toBe('coldkey operations are disabled for wallet locked');
  });

  it('allows any amount without limits', () => {
    const request: ColdkeyRequest = {
      wallet: 'open',
      operation: 'transfer',
      amountRao: 10n ** 19n,
    };
    expect(checkColdkeyPolicy(policy, { ...request, destination: BOB }, 10n ** 19n).allowed).toBe(
      true,
    );
  });

  it('denies negative amounts', () => {
    expect(reasonOf(transfer(-1n))).toBe('transfer amount -1 rao is negative');
  });

  it('rejects a negative daily total', () => {
    expect(() => checkColdkeyPolicy(policy, transfer(1n), -1n)).toThrow(RangeError);
  });
});
