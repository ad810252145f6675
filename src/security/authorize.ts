import type { Identity } from '../service/auth/identity.js';
import { ALLOW, deny, displayName, type Decision } from './decision.js';
import type { Operation } from './operations.js';
import { WILDCARD, hasScope, type TokenScope } from './scope.js';

/** Key of the wallet that a request signs with; `none` when it signs with no wallet key. */
export type KeyRole = 'hotkey' | 'coldkey' | 'none';

export interface AuthorizationRequest {
  operation: Operation;
  wallet?: string;
  /** Hotkey name inside `wallet`; required when `keyRole` is `hotkey`. */
  hotkey?: string;
  keyRole: KeyRole;
  netuid?: number;
}

function mayUseWallet(scope: TokenScope, wallet: string): boolean {
  return scope.wallets.includes(WILDCARD) || scope.wallets.includes(wallet);
}

function mayUseHotkey(scope: TokenScope, wallet: string, hotkey: string): boolean {
  return scope.hotkeys.some(
    (entry) =>
      entry === WILDCARD || entry === `${wallet}/${WILDCARD}` || entry === `${wallet}/${hotkey}`,
  );
}

function checkKey(scope: TokenScope, request: AuthorizationRequest, token: string): Decision {
  const { wallet, hotkey, keyRole } = request;
  if (wallet === undefined) {
    return keyRole === 'none' ? ALLOW : deny(`${token}: a ${keyRole} request must name a wallet`);
  }
  if (!mayUseWallet(scope, wallet)) {
    return deny(`${token} may not use wallet ${displayName(wallet)}`);
  }
  if (keyRole === 'coldkey' && !scope.coldkey) {
    return deny(`${token} may not touch coldkeys`);
  }
  if (keyRole !== 'hotkey') {
    return ALLOW;
  }
  if (hotkey === undefined) {
    return deny(`${token}: a hotkey request must name a hotkey`);
  }
  if (!mayUseHotkey(scope, wallet, hotkey)) {
    return deny(`${token} may not use hotkey ${displayName(wallet)}/${displayName(hotkey)}`);
  }
  return ALLOW;
}

function checkNetuid(scope: TokenScope, netuid: number | undefined, token: string): Decision {
  const allowed = scope.limits.netuids;
  if (allowed === undefined || netuid === undefined || allowed.includes(netuid)) {
    return ALLOW;
  }
  return deny(`${token} is limited to netuids ${allowed.join(', ')}, not ${netuid}`);
}

/**
 * Decides whether an identity may make a request. Default-deny: an identity
 * without a scope is refused, and every part of the request must be granted.
 * The netuid limit applies to requests that name a netuid. Coldkey requests
 * also need `checkColdkeyPolicy` to pass.
 */
export function authorize(identity: Identity, request: AuthorizationRequest): Decision {
  const token = `token ${displayName(identity.id)}`;
  if (!hasScope(identity)) {
    return deny(`${token} has no scope, so it may not do anything`);
  }
  const scope = identity.scope;
  if (!scope.operations.includes(request.operation)) {
    return deny(`${token} may not use operation ${displayName(request.operation)}`);
  }
  const key = checkKey(scope, request, token);
  if (!key.allowed) {
    return key;
  }
  return checkNetuid(scope, request.netuid, token);
}
