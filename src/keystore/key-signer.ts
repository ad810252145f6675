import { isReady as wasmIsReady, sr25519Sign as wasmSr25519Sign } from '@polkadot/wasm-crypto';
import { encodeAddress, sr25519Sign } from '@polkadot/util-crypto';
import { KeyUnavailableError } from './errors.js';
import type { Sr25519Pair } from './key-material.js';
import { eventLoopBusy, type SignPool } from './sign-pool.js';
import type { KeyRole, KeySigner } from './signer.js';

/** SS58 prefix of Bittensor (the generic Substrate prefix). */
export const SS58_PREFIX = 42;

/**
 * Largest batch that signs in the calling thread while its event loop is not
 * busy. With tasks spread over both workers, the pool signed 4 messages in
 * 0.36 ms against 0.40 ms in the thread and 2 in the same 0.20 ms. Only a
 * single message was faster in the thread, 0.10 against 0.20 ms
 * (bench/sign-pool.ts on 2 Xeon vCPUs).
 */
export const IN_THREAD_MAX_MESSAGES = 2;

/** Identity of a key inside the keystore. */
export interface KeyIdentity {
  wallet: string;
  keyName: string;
  role: KeyRole;
}

/** A signer and the only way to wipe its secret. */
export interface SignerHandle {
  signer: KeySigner;
  /**
   * Signs every message, in the worker threads of `pool` once they are
   * ready; signatures come back in message order.
   */
  signBatch(messages: readonly Uint8Array[], pool: SignPool): Promise<Uint8Array[]>;
  /** Zeroes the secret key; later `sign` and `signBatch` calls throw `KeyUnavailableError`. */
  destroy(): void;
}

/**
 * Signs with @polkadot/wasm-crypto once its WebAssembly module is ready
 * (`Keystore.load` waits for it), because it is about 7 times faster than the
 * pure JavaScript sr25519 of @polkadot/util-crypto 14 (bench/sign-inprocess.ts).
 * Both produce standard schnorrkel signatures in the `substrate` context.
 * NOTE: wasm-crypto copies the secret key into WebAssembly memory for each
 * call and frees it without zeroing, so copies stay there until reused, as
 * the JavaScript path leaves secret-derived big integers in the heap.
 */
function signSr25519(pair: Sr25519Pair, message: Uint8Array): Uint8Array {
  if (wasmIsReady()) {
    return wasmSr25519Sign(pair.publicKey, pair.secretKey, message);
  }
  return sr25519Sign(message, pair);
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

  const requirePair = (): Sr25519Pair => {
    if (secretKey === undefined) {
      throw new KeyUnavailableError(
        `Key ${identity.keyName} of wallet ${identity.wallet} was unloaded; load the keystore again`,
      );
    }
    return { publicKey, secretKey };
  };

  const sign = (message: Uint8Array): Uint8Array => signSr25519(requirePair(), message);

  // A small batch signs in this thread while the event loop has time,
  // because a worker hop only adds latency then. When the event loop is
  // busy, the pool takes it, so the event loop keeps its time for HTTP.
  const signBatch = async (
    messages: readonly Uint8Array[],
    pool: SignPool,
  ): Promise<Uint8Array[]> => {
    const current = requirePair();
    const poolReady = pool.warmUp();
    const small = messages.length <= IN_THREAD_MAX_MESSAGES;
    if (!poolReady || (small && !eventLoopBusy())) {
      return messages.map((message) => signSr25519(current, message));
    }
    return pool.sign(current, messages);
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
  return { signer, signBatch, destroy };
}
