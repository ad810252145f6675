import type { KeySigner } from '../../keystore/signer.js';

/** Public facts about one key, as the keystore reports them. */
export interface KeyStatusView {
  name: string;
  address?: string;
  canSign: boolean;
  error?: { code: string; message: string };
}

/**
 * Keystore view the API needs: signers and public status by name,
 * never key material. `Keystore` satisfies it; tests may pass their own.
 */
export interface SignerSource {
  hotkey(wallet: string, hotkey: string): KeySigner;
  coldkey(wallet: string): KeySigner;
  hotkeyStatus(wallet: string, hotkey: string): KeyStatusView;
  coldkeyStatus(wallet: string): KeyStatusView;
  readonly signerCount: number;
  /** Every wallet with the public status of its keys. */
  wallets(): { name: string; coldkey: KeyStatusView; hotkeys: KeyStatusView[] }[];
}
