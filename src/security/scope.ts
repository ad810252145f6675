import type { Identity } from '../service/auth/identity.js';
import { OPERATIONS, type Operation } from './operations.js';

/** Wildcard entry of `wallets` and `hotkeys`: any wallet, or any hotkey of any wallet. */
export const WILDCARD = '*';

export interface TokenLimits {
  /** Request budget of the token; unlimited when absent. */
  readonly requestsPerMinute?: number;
  /** Subnets the token may act on; requests that name no netuid are not restricted. */
  readonly netuids?: readonly number[];
}

/** Permissions of one token, as parsed from the token file. */
export interface TokenScope {
  /** Wallet names, or `*` for every wallet. */
  readonly wallets: readonly string[];
  /** Entries `wallet/hotkey`, `wallet/*` or `*`. */
  readonly hotkeys: readonly string[];
  readonly operations: readonly Operation[];
  /** Whether the token may use the coldkeys of its wallets. */
  readonly coldkey: boolean;
  readonly limits: TokenLimits;
}

/** Identity of an authenticated token, with the permissions that `authorize` checks. */
export interface ScopedIdentity extends Identity {
  readonly scope: TokenScope;
}

export function hasScope(identity: Identity): identity is ScopedIdentity {
  return typeof (identity as Partial<ScopedIdentity>).scope === 'object';
}

/**
 * Scope of the single `MANAGE_SERVICE_TOKEN`: every wallet, hotkey and
 * operation, but no coldkey. That token is often a shared or example value,
 * so coldkey use needs a scoped token created with `--coldkey`.
 */
export const LEGACY_SCOPE: TokenScope = Object.freeze({
  wallets: Object.freeze([WILDCARD]),
  hotkeys: Object.freeze([WILDCARD]),
  operations: Object.freeze([...OPERATIONS]),
  coldkey: false,
  limits: Object.freeze({}),
});

/** Identity for the single `MANAGE_SERVICE_TOKEN`, carrying `LEGACY_SCOPE`. */
export function legacyIdentity(id: string): ScopedIdentity {
  return Object.freeze({ id, scope: LEGACY_SCOPE });
}
