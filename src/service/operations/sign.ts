import { createHash } from 'node:crypto';
import { decodeAddress, signatureVerify } from '@polkadot/util-crypto';
import type { MessageInput } from '../schemas/sign.js';
import { InvalidRequestError } from './invalid-request.js';
import type { SignerSource } from './signer-source.js';

const HEX_MESSAGE = /^0x([0-9a-fA-F]{2})*$/;

/** Turns a message of the API into the bytes that get signed. */
export function messageBytes(message: MessageInput, index: number): Uint8Array {
  if ((message.encoding ?? 'utf8') === 'utf8') {
    return Buffer.from(message.data, 'utf8');
  }
  if (!HEX_MESSAGE.test(message.data)) {
    throw new InvalidRequestError(
      `message ${index} is not 0x-prefixed hex with an even number of digits; fix data or use encoding utf8`,
    );
  }
  return Buffer.from(message.data.slice(2), 'hex');
}

export interface SignResult {
  signer: string;
  signatures: string[];
}

/**
 * Signs many messages with one hotkey in one call, spreading large batches
 * over worker threads. `Keystore` implements it; a `SignerSource` without it
 * signs message by message in the event loop.
 */
export interface BatchSigning {
  signBatch(wallet: string, hotkey: string, messages: readonly Uint8Array[]): Promise<Uint8Array[]>;
}

function supportsBatchSigning(source: SignerSource): source is SignerSource & BatchSigning {
  return typeof (source as Partial<BatchSigning>).signBatch === 'function';
}

function signatureHex(signature: Uint8Array): string {
  return `0x${Buffer.from(signature.buffer, signature.byteOffset, signature.length).toString('hex')}`;
}

/** Signs every message with one hotkey; converts all inputs before signing any. */
export async function signMessages(
  signers: SignerSource,
  wallet: string,
  hotkey: string,
  messages: readonly MessageInput[],
): Promise<SignResult> {
  const signer = signers.hotkey(wallet, hotkey);
  const payloads = messages.map((message, index) => messageBytes(message, index));
  const signatures = supportsBatchSigning(signers)
    ? await signers.signBatch(wallet, hotkey, payloads)
    : payloads.map((payload) => signer.sign(payload));
  return { signer: signer.address, signatures: signatures.map(signatureHex) };
}

/** SHA-256 over every message, so the audit log can match a request without storing it. */
export function messagesDigest(messages: readonly MessageInput[]): string {
  const hash = createHash('sha256');
  for (const message of messages) {
    hash.update(`${message.encoding ?? 'utf8'}:${message.data.length}:${message.data}\n`);
  }
  return hash.digest('hex');
}

/** Checks that `address` is a valid SS58 address before verifying against it. */
function checkAddress(address: string): void {
  try {
    decodeAddress(address);
  } catch {
    throw new InvalidRequestError(
      `address ${JSON.stringify(address.slice(0, 64))} is not a valid SS58 address; send the signer's address`,
    );
  }
}

/** Verifies `signature` over the message for `address`; reports which scheme matched. */
export function verifyMessage(
  address: string,
  message: MessageInput,
  signature: string,
): { valid: boolean; crypto: string } {
  checkAddress(address);
  const result = signatureVerify(messageBytes(message, 0), signature, address);
  return { valid: result.isValid, crypto: result.crypto };
}
