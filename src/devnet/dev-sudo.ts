import { Keyring } from '@polkadot/keyring';
import type { KeySigner } from '../keystore/signer.js';

/**
 * The devnet's sudo key: the well-known Substrate development account
 * `//Alice`. It is public knowledge and only ever controls a throwaway local
 * chain, so it does not go through the keystore.
 */
export const DEV_SUDO_URI = '//Alice';

export function devSudoSigner(): KeySigner {
  const pair = new Keyring({ type: 'sr25519', ss58Format: 42 }).addFromUri(DEV_SUDO_URI);
  return {
    wallet: 'devnet-sudo',
    keyName: 'coldkey',
    role: 'coldkey',
    address: pair.address,
    publicKey: pair.publicKey,
    sign: (message) => pair.sign(message),
  };
}
