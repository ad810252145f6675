export type { KeySigner, KeyRole } from './signer.js';
export * from './errors.js';
export type { KeyStatus, WalletStatus } from './status.js';
export { Keystore, type KeystoreOptions } from './keystore.js';
export { readWalletPublicKeys } from './public-keys.js';
export {
  writeWallet,
  type WalletKeySpec,
  type WriteWalletOptions,
  type WrittenWallet,
} from './write-wallet.js';
export { btPasswordVariableName } from './password-source.js';
