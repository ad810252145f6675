import { Keyring } from '@polkadot/keyring';
import type { KeySigner, KeyRole } from '../../src/keystore/signer.js';

/** A KeySigner backed by a dev URI such as `//Alice`, for tests that need no wallet files. */
export function signerFromUri(uri: string, role: KeyRole = 'hotkey'): KeySigner {
  const pair = new Keyring({ type: 'sr25519', ss58Format: 42 }).addFromUri(uri);
  return {
    wallet: uri,
    keyName: role === 'coldkey' ? 'coldkey' : 'default',
    role,
    address: pair.address,
    publicKey: pair.publicKey,
    sign: (message) => pair.sign(message),
  };
}
