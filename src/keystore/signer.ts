/** Role of a key in a Bittensor wallet. */
export type KeyRole = 'coldkey' | 'hotkey';

/**
 * A key that can sign but never exposes its secret. The keystore is the only
 * module that creates these. Everything else (chain client, HTTP routes,
 * nodes) receives a signer and gets public data only.
 */
export interface KeySigner {
  readonly wallet: string;
  /** Hotkey name, or `coldkey` for a wallet's coldkey. */
  readonly keyName: string;
  readonly role: KeyRole;
  /** SS58 address with prefix 42. */
  readonly address: string;
  /** 32-byte sr25519 public key. */
  readonly publicKey: Uint8Array;
  /** Signs raw bytes with sr25519 (`substrate` signing context); returns 64 bytes. */
  sign(message: Uint8Array): Uint8Array;
}
