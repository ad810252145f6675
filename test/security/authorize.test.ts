import { describe, expect, it } from 'vitest';
import { authorize, type AuthorizationRequest } from '../../src/security/authorize.js';
import type { Identity } from '../../src/service/auth/identity.js';
import { OPERATIONS, type Operation } from '../../src/security/operations.js';
import { legacyIdentity, type ScopedIdentity, type TokenScope } from '../../src/security/scope.js';

function identity(id: string, scope: Partial<TokenScope>): ScopedIdentity {
  return {
    id,
    scope: { wallets: [], hotkeys: [], operations: [], coldkey: false, limits: {}, ...scope },
  };
}

const miner = identity('miner-1', {
  wallets: ['miner'],
  hotkeys: ['miner/default'],
  operations: ['serve_axon', 'sign'],
  limits: { netuids: [1, 3] },
});
const validator = identity('validator-1', {
  wallets: ['validator'],
  hotkeys: ['validator/*'],
  operations: ['set_weights', 'commit_weights', 'serve_axon'],
});
const owner = identity('owner-1', {
  wallets: ['owner'],
  operations: ['stake', 'transfer', 'register'],
  coldkey: true,
});
const legacy = legacyIdentity('env:MANAGE_SERVICE_TOKEN');

/** Keys a request can target; `none` is a request that uses no wallet key. */
const TARGETS = {
  minerDefault: { keyRole: 'hotkey', wallet: 'miner', hotkey: 'default' },
  minerOther: { keyRole: 'hotkey', wallet: 'miner', hotkey: 'other' },
  validatorDefault: { keyRole: 'hotkey', wallet: 'validator', hotkey: 'default' },
  minerColdkey: { keyRole: 'coldkey', wallet: 'miner' },
  ownerColdkey: { keyRole: 'coldkey', wallet: 'owner' },
  none: { keyRole: 'none' },
} as const;
type Target = keyof typeof TARGETS;
const NETUIDS = [1, 2, undefined] as const;

/** Returns the reason of a denial; fails the test when the request was allowed. */
function reasonOf(caller: Identity, request: AuthorizationRequest): string {
  const decision = authorize(caller, request);
  if (decision.allowed) {
    throw new Error(`expected ${caller.id} to be denied ${JSON.stringify(request)}`);
  }
  return decision.reason;
}

function cellName(operation: Operation, target: Target, netuid: number | undefined): string {
  return `${operation} ${target} netuid ${netuid ?? '-'}`;
}

/** Names every combination of the given operations, targets and netuids. */
function cells(
  operations: readonly Operation[],
  targets: readonly Target[],
  netuids: readonly (number | undefined)[],
): Set<string> {
  const names = new Set<string>();
  for (const operation of operations) {
    for (const target of targets) {
      for (const netuid of netuids) {
        names.add(cellName(operation, target, netuid));
      }
    }
  }
  return names;
}

const ALLOWED_CELLS: ReadonlyArray<[ScopedIdentity, Set<string>]> = [
  [miner, cells(['serve_axon', 'sign'], ['minerDefault', 'none'], [1, undefined])],
  [
    validator,
    cells(['set_weights', 'commit_weights', 'serve_axon'], ['validatorDefault', 'none'], NETUIDS),
  ],
  [owner, cells(['stake', 'transfer', 'register'], ['ownerColdkey', 'none'], NETUIDS)],
  [legacy, cells(OPERATIONS, ['minerDefault', 'minerOther', 'validatorDefault', 'none'], NETUIDS)],
];

describe('authorize', () => {
  it.each(ALLOWED_CELLS.map(([caller, allowed]) => [caller.id, caller, allowed] as const))(
    'allows only granted cells for %s',
    (_id, caller, allowed) => {
      const granted: string[] = [];
      for (const operation of OPERATIONS) {
        for (const target of Object.keys(TARGETS) as Target[]) {
          for (const netuid of NETUIDS) {
            const request: AuthorizationRequest = { operation, ...TARGETS[target], netuid };
            const decision = authorize(caller, request);
            if (decision.allowed) {
              granted.push(cellName(operation, target, netuid));
            } else {
              expect(decision.reason).toMatch(new RegExp(`^token "?${caller.id}"? `));
            }
          }
        }
      }
      expect(granted.sort()).toEqual([...allowed].sort());
    },
  );

  it('names the missing operation', () => {
    const decision = authorize(miner, { operation: 'set_weights', ...TARGETS.minerDefault });
    expect(decision).toEqual({
      allowed: false,
      reason: 'token miner-1 may not use operation set_weights',
    });
  });

  it('names the foreign hotkey', () => {
    const decision = authorize(miner, { operation: 'sign', ...TARGETS.minerOther });
    expect(decision).toEqual({
      allowed: false,
      reason: 'token miner-1 may not use hotkey miner/other',
    });
  });

  it('names the foreign wallet', () => {
    const decision = authorize(validator, { operation: 'serve_axon', ...TARGETS.minerDefault });
    expect(decision).toEqual({
      allowed: false,
      reason: 'token validator-1 may not use wallet miner',
    });
  });

  it('refuses coldkeys to tokens without coldkey', () => {
    const wide = identity('wide', { wallets: ['*'], hotkeys: ['*'], operations: ['stake'] });
    const decision = authorize(wide, { operation: 'stake', ...TARGETS.minerColdkey });
    expect(decision).toEqual({ allowed: false, reason: 'token wide may not touch coldkeys' });
  });

  it('refuses coldkeys to the legacy token', () => {
    const request = { operation: 'transfer', ...TARGETS.ownerColdkey } as const;
    expect(reasonOf(legacy, request)).toBe('token env:MANAGE_SERVICE_TOKEN may not touch coldkeys');
  });

  it('names the netuid limit', () => {
    const request = { operation: 'serve_axon', ...TARGETS.minerDefault, netuid: 2 } as const;
    expect(authorize(miner, request)).toEqual({
      allowed: false,
      reason: 'token miner-1 is limited to netuids 1, 3, not 2',
    });
  });

  it('denies an identity without scope', () => {
    const decision = authorize({ id: 'plain' }, { operation: 'sign', keyRole: 'none' });
    expect(decision).toEqual({
      allowed: false,
      reason: 'token plain has no scope, so it may not do anything',
    });
  });

  it('denies key requests without wallet or hotkey', () => {
    const noWallet = { operation: 'sign', keyRole: 'hotkey', hotkey: 'default' } as const;
    expect(reasonOf(legacy, noWallet)).toMatch(/a hotkey request must name a wallet/);
    const noHotkey = { operation: 'sign', keyRole: 'hotkey', wallet: 'miner' } as const;
    expect(reasonOf(legacy, noHotkey)).toMatch(/a hotkey request must name a hotkey/);
  });

  it('quotes odd names in reasons', () => {
    const request = { operation: 'sign', keyRole: 'hotkey', wallet: 'x\ny', hotkey: 'h' } as const;
    expect(reasonOf(miner, request)).toBe('token miner-1 may not use wallet "x\\ny"');
  });

  it('matches wallet wildcards per wallet', () => {
    const scoped = identity('pair', {
      wallets: ['miner', 'validator'],
      hotkeys: ['miner/*'],
      operations: ['sign'],
    });
    expect(authorize(scoped, { operation: 'sign', ...TARGETS.minerOther }).allowed).toBe(true);
    expect(authorize(scoped, { operation: 'sign', ...TARGETS.validatorDefault }).allowed).toBe(
      false,
    );
  });
});
