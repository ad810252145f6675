import { describe, expect, it } from 'vitest';
import { snakeCaseName } from '../../src/chain/call-args.js';
import type { ColdkeyPolicy, WalletColdkeyPolicy } from '../../src/security/coldkey-policy.js';
import type { Decision } from '../../src/security/decision.js';
import { submitPermission } from '../../src/service/operations/submit-permission.js';
import { checkUnmeasuredCall } from '../../src/service/operations/submit-policy.js';

function reasonOf(decision: Decision): string {
  return decision.allowed ? '' : decision.reason;
}

function policyOf(entries: Record<string, WalletColdkeyPolicy>): ColdkeyPolicy {
  return { wallets: new Map(Object.entries(entries)) };
}

describe('submitPermission', () => {
  it.each([
    ['hotkey', 'subtensorModule', 'serveAxon', 'serve_axon'],
    ['hotkey', 'subtensorModule', 'servePrometheus', 'serve_axon'],
    ['hotkey', 'subtensorModule', 'setWeights', 'set_weights'],
    ['hotkey', 'subtensorModule', 'commitTimelockedMechanismWeights', 'commit_weights'],
    ['hotkey', 'subtensorModule', 'revealWeights', 'commit_weights'],
    ['hotkey', 'balances', 'transferKeepAlive', 'admin'],
    ['hotkey', 'subtensorModule', 'addStake', 'admin'],
    ['coldkey', 'subtensorModule', 'serveAxon', 'admin'],
    ['coldkey', 'balances', 'transferKeepAlive', 'admin'],
  ] as const)('%s %s.%s needs %s', (key, pallet, call, operation) => {
    expect(submitPermission(key, pallet, call)).toBe(operation);
  });
});

describe('checkUnmeasuredCall', () => {
  it('rejects a wallet without policy', () => {
    const decision = checkUnmeasuredCall(policyOf({}), 'owner', 'proxy.addProxy');
    expect(decision.allowed).toBe(false);
    expect(reasonOf(decision)).toMatch(/no coldkey policy/);
  });

  it('rejects a disabled coldkey', () => {
    const decision = checkUnmeasuredCall(
      policyOf({ owner: { enabled: false } }),
      'owner',
      'proxy.addProxy',
    );
    expect(decision.allowed).toBe(false);
    expect(reasonOf(decision)).toMatch(/disabled/);
  });

  it.each([
    ['max_per_tx_rao', { maxPerTxRao: 1n }],
    ['max_per_day_rao', { maxPerDayRao: 1n }],
    ['allowed_destinations', { allowedDestinations: [] }],
    ['allowed_netuids', { allowedNetuids: [2] }],
  ])('rejects when the policy sets %s', (field, limits) => {
    const decision = checkUnmeasuredCall(
      policyOf({ owner: { enabled: true, ...limits } }),
      'owner',
      'utility.batch',
    );
    expect(decision.allowed).toBe(false);
    expect(reasonOf(decision)).toContain(field);
    expect(reasonOf(decision)).toContain('utility.batch');
  });

  it('allows an enabled coldkey without limits', () => {
    const decision = checkUnmeasuredCall(
      policyOf({ owner: { enabled: true } }),
      'owner',
      'utility.batch',
    );
    expect(decision.allowed).toBe(true);
  });
});

describe('snakeCaseName', () => {
  it.each([
    ['amountStaked', 'amount_staked'],
    ['amount_staked', 'amount_staked'],
    ['ipType', 'ip_type'],
    ['placeholder1', 'placeholder1'],
    ['dest', 'dest'],
  ])('%s becomes %s', (name, expected) => {
    expect(snakeCaseName(name)).toBe(expected);
  });
});
