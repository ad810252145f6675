import type { KeySigner } from '../../keystore/signer.js';

/** What the API needs from the keystore: signers by name, never key material. */
export interface SignerSource {
  getHotkeySigner(wallet: string, hotkey: string): KeySigner;
  getColdkeySigner(wallet: string): KeySigner;
}
