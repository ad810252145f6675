export * from './api-types.js';
export { backoffDelayMs, parseRetryAfterMs, retryDelayMs, type BackoffOptions } from './backoff.js';
export * from './errors.js';
export { FallbackSigner, isServiceOutage, type FallbackSignerOptions } from './fallback-signer.js';
export type { CallOptions, ResendPolicy } from './http-transport.js';
export {
  LocalSigner,
  type LocalChain,
  type LocalSignerOptions,
  type OpenLocalSignerOptions,
} from './local-signer.js';
export { ManageServiceClient, type ManageServiceClientOptions } from './manage-client.js';
export { createNodeSigner, type NodeSignerOptions } from './node-signer.js';
export * from './options.js';
export { RemoteSigner, type RemoteSignerOptions } from './remote-signer.js';
export * from './signer.js';
