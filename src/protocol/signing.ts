import { hexToU8a, stringToU8a, u8aToHex, u8aWrapBytes } from '@polkadot/util';
import { decodeAddress, sr25519Verify } from '@polkadot/util-crypto';

/** Checks an sr25519 signature (`0x` hex) of a UTF-8 message against an SS58 hotkey. */
export type SignatureVerifier = (message: string, signatureHex: string, ss58: string) => boolean;

export interface DendriteMessageParts {
  nonce: bigint;
  dendriteHotkey: string;
  axonHotkey: string;
  uuid: string;
  bodyHash: string;
}

/** Builds the text a dendrite signs: `{nonce}.{dendrite_hotkey}.{axon_hotkey}.{uuid}.{body_hash}`. */
export function dendriteSigningMessage(parts: DendriteMessageParts): string {
  return `${parts.nonce}.${parts.dendriteHotkey}.${parts.axonHotkey}.${parts.uuid}.${parts.bodyHash}`;
}

export interface AxonMessageParts {
  axonNonce: bigint;
  dendriteHotkey: string;
  axonHotkey: string;
  axonUuid: string;
}

/**
 * Builds the text the SDK's axon signs into `bt_header_axon_signature`:
 * `{axon_nonce}.{dendrite_hotkey}.{axon_hotkey}.{axon_uuid}`. The SDK sends that
 * header only on error responses and its dendrite never checks it, so an axon
 * without its private key may leave it out.
 */
export function axonSigningMessage(parts: AxonMessageParts): string {
  return `${parts.axonNonce}.${parts.dendriteHotkey}.${parts.axonHotkey}.${parts.axonUuid}`;
}

const SIGNATURE_HEADER = /^0x[0-9a-fA-F]{128}$/;

/** Formats a 64-byte signature as the header value: `0x` and 128 lowercase hex digits. */
export function formatSignature(signature: Uint8Array): string {
  if (signature.length !== 64) {
    throw new RangeError(`signature is ${signature.length} bytes: an sr25519 signature has 64`);
  }
  return u8aToHex(signature);
}

/** Returns the 64 signature bytes of a `0x` + 128 hex header value, or undefined for any other text. */
export function parseSignature(value: string): Uint8Array | undefined {
  return SIGNATURE_HEADER.test(value) ? hexToU8a(value) : undefined;
}

/**
 * Verifies an sr25519 signature (signing context `substrate`) over the UTF-8 bytes of
 * `message`, then over the same bytes wrapped in `<Bytes>...</Bytes>`, which the SDK's
 * verifier also accepts. Returns false for a malformed signature or address.
 */
export function verifySr25519Signature(
  message: string,
  signatureHex: string,
  ss58: string,
): boolean {
  const signature = parseSignature(signatureHex);
  if (signature === undefined) {
    return false;
  }
  let publicKey: Uint8Array;
  try {
    publicKey = decodeAddress(ss58);
  } catch {
    return false;
  }
  if (publicKey.length !== 32) {
    return false;
  }

  const bytes = stringToU8a(message);
  return (
    sr25519Verify(bytes, signature, publicKey) ||
    sr25519Verify(u8aWrapBytes(bytes), signature, publicKey)
  );
}
