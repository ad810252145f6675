import { encodeAddress, sr25519Sign } from '@polkadot/util-crypto';
import { KeyUnavailableError } from './errors.js';
import type { Sr25519Pair } from './key-material.js';
import type { KeyRole, KeySigner } from './signer.js';

/** SS58 prefix of Bittensor (the generic Substrate prefix). */
export const SS58_PREFIX = 42;

/** Identity of a key inside the keystore. */
export interface KeyIdentity {
  wallet: string;
  keyName: string;
  role: KeyRole;
}

/** A signer and the only way to wipe its secret. */
export interface SignerHandle {
  signer: KeySigner;
  /** Zeroes the secret key; later `sign` calls throw `KeyUnavailableError`. */
  destroy(): void;
}

/**
 * Wraps a key pair in a signer. The secret key lives only in this closure:
 * the returned object has no property, enumerable or not, that reaches it.
 * The handle takes ownership of `pair.secretKey`, so the caller must not
 * keep or reuse those bytes.
 */
export function createKeySigner(identity: KeyIdentity, pair: Sr25519Pair): SignerHandle {
  const publicKey = new Uint8Array(pair.publicKey);
  let secretKey: Uint8Array | undefined = pair.secretKey;

  const sign = (message: Uint8Array): Uint8Array => {
    if (secretKey === undefined) {
      throw new KeyUnavailableError(
        `Key ${identity.keyName} of wallet ${identity.wallet} was unloaded; load the keystore again`,
      );
    }
    return sr25519Sign(message, { publicKey, secretKey });
  };

  const signer: KeySigner = Object.freeze({
    wallet: identity.wallet,
    keyName: identity.keyName,
    role: identity.role,
    address: encodeAddress(publicKey, SS58_PREFIX),
    publicKey: new Uint8Array(publicKey),
    sign,
  });

  const destroy = (): void => {
    secretKey?.fill(0);
    secretKey = undefined;
  };
  return { signer, destroy };
}
