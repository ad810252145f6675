import type { Registry, SignerPayloadJSON } from '@polkadot/types/types';
import type { Extrinsic } from '@polkadot/types/interfaces';
import { blake2AsU8a } from '@polkadot/util-crypto';
import { u8aConcat, u8aToHex } from '@polkadot/util';
import type { KeySigner } from '../keystore/signer.js';

/** MultiSignature variant index of sr25519. */
const SR25519_VARIANT = 1;

/** Payloads longer than this are signed as their blake2-256 hash (Substrate rule). */
const MAX_UNHASHED_PAYLOAD = 256;

/** Everything besides the call that goes into a signature, read from the chain or given offline. */
export interface SigningContext {
  genesisHash: string;
  specVersion: number;
  transactionVersion: number;
  nonce: number;
  /** Block that starts the mortality window. */
  eraBlockHash: string;
  eraBlockNumber: number;
  /** Mortality window in blocks; rounded up to a power of two by the codec. */
  eraPeriod: number;
  tip?: bigint;
}

/** Builds the JSON payload that a wallet would be asked to sign for `extrinsic`. */
export function buildSignerPayload(
  registry: Registry,
  extrinsic: Extrinsic,
  address: string,
  context: SigningContext,
): SignerPayloadJSON {
  const era = registry.createType('ExtrinsicEra', {
    current: context.eraBlockNumber,
    period: context.eraPeriod,
  });
  const payload = registry.createType('SignerPayload', {
    address,
    blockHash: context.eraBlockHash,
    blockNumber: context.eraBlockNumber,
    era,
    genesisHash: context.genesisHash,
    method: extrinsic.method,
    nonce: context.nonce,
    runtimeVersion: {
      specVersion: context.specVersion,
      transactionVersion: context.transactionVersion,
    },
    signedExtensions: registry.signedExtensions,
    tip: context.tip ?? 0n,
    version: extrinsic.type,
    // CheckMetadataHash mode 0: the metadata hash is not part of the signature.
    mode: 0,
  });
  return payload.toPayload();
}

/** Returns the bytes that an sr25519 key signs for `payload`. */
export function payloadSigningBytes(registry: Registry, payload: SignerPayloadJSON): Uint8Array {
  const encoded = registry
    .createType('ExtrinsicPayload', payload, { version: payload.version })
    .toU8a({ method: true });
  return encoded.length > MAX_UNHASHED_PAYLOAD ? blake2AsU8a(encoded, 256) : encoded;
}

/**
 * Signs `extrinsic` in place with `signer` and returns it. Works offline
 * against any registry whose metadata is set, which lets tests sign for
 * runtimes that are not running here.
 */
export function signExtrinsic<T extends Extrinsic>(
  registry: Registry,
  extrinsic: T,
  signer: KeySigner,
  context: SigningContext,
): T {
  const payload = buildSignerPayload(registry, extrinsic, signer.address, context);
  const signature = signer.sign(payloadSigningBytes(registry, payload));
  const multiSignature = u8aToHex(u8aConcat([SR25519_VARIANT], signature));
  extrinsic.addSignature(signer.address, multiSignature, payload);
  return extrinsic;
}
