import type { KeyErrorCode } from './errors.js';
import type { KeyRole } from './signer.js';

/** Public state of one key: never any secret. */
export interface KeyStatus {
  /** Hotkey name, or `coldkey`. */
  name: string;
  role: KeyRole;
  /** SS58 address (prefix 42); absent when no public key could be read. */
  address?: string;
  canSign: boolean;
  /** Reason the key cannot sign; absent when it can. */
  error?: { code: KeyErrorCode; message: string };
}

/** Public state of one wallet and its keys. */
export interface WalletStatus {
  name: string;
  coldkey: KeyStatus;
  hotkeys: KeyStatus[];
}
