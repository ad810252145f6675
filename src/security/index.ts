export { authorize, type AuthorizationRequest, type KeyRole } from './authorize.js';
export {
  EMPTY_COLDKEY_POLICY,
  checkColdkeyPolicy,
  ss58PublicKey,
  type ColdkeyOperation,
  type ColdkeyPolicy,
  type ColdkeyRequest,
  type WalletColdkeyPolicy,
} from './coldkey-policy.js';
export { ALLOW, deny, type Decision } from './decision.js';
export { TokenFileError } from './errors.js';
export { OPERATIONS, isOperation, type Operation } from './operations.js';
export { RequestRateLimiter, type RateDecision } from './rate-limiter.js';
export {
  LEGACY_SCOPE,
  WILDCARD,
  hasScope,
  legacyIdentity,
  type ScopedIdentity,
  type TokenLimits,
  type TokenScope,
} from './scope.js';
export {
  TokenAuthenticator,
  type ReloadResult,
  type TokenAuthenticatorOptions,
} from './token-authenticator.js';
export { parseTokenFile, type TokenFile } from './token-file.js';
export { tokenStatus, type TokenRecord, type TokenStatus } from './token-record.js';
export type { VerificationStats } from './token-verifier.js';
