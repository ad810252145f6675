import { PYTHON_SDK_VERSION_KEY } from '../weights/version-key.js';
import { ProtocolError } from './errors.js';
import { DEFAULT_TIMEOUT_SECONDS } from './header-names.js';
import { dendriteSigningMessage, parseSignature } from './signing.js';
import {
  encodeSynapse,
  synapseBodyHash,
  type EncodedSynapse,
  type SynapseDefinition,
  type SynapseFields,
} from './synapse.js';
import type { TerminalInfo } from './terminal-info.js';

export interface DendriteRequestInput<Fields extends SynapseFields> {
  synapse: SynapseDefinition<Fields>;
  /** The synapse's own fields, as the validator fills them. */
  fields: Fields;
  /** The target axon as the metagraph lists it; `hotkey` is its SS58 address. */
  axon: { ip: string; port: number; hotkey: string };
  /**
   * The sender: its external IP, SS58 hotkey, and version key (defaults to that of
   * SDK 10.2.0, 10002000; axons check nonce freshness only from 7002000 on).
   */
  dendrite: { ip: string; hotkey: string; version?: number };
  /** One UUID per dendrite for its lifetime, as `createUuidV1()` makes. */
  uuid: string;
  /** Nanoseconds since the Unix epoch, strictly increasing per uuid (see `createNonceSource`). */
  nonce: bigint;
  /** Defaults to 12 s, the SDK dendrite's default. */
  timeoutSeconds?: number;
}

/** A request waiting for its signature: a signer signs the UTF-8 bytes of `messageToSign`. */
export interface UnsignedDendriteRequest<Fields extends SynapseFields = SynapseFields> {
  url: string;
  messageToSign: string;
  bodyHash: string;
  /** Headers and body as they are before the signature is added. */
  unsigned: EncodedSynapse;
  readonly synapse: SynapseDefinition<Fields>;
  readonly fields: Fields;
  readonly timeoutSeconds: number;
  readonly dendrite: TerminalInfo;
  readonly axon: TerminalInfo;
}

/** A request ready to POST: the signature is in the headers and in the body's dendrite info. */
export interface SignedDendriteRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/**
 * Prepares a dendrite request to a Python SDK axon: `POST http://{ip}:{port}/{name}`
 * with the synapse's headers and JSON body, and the message
 * `{nonce}.{dendrite_hotkey}.{axon_hotkey}.{uuid}.{body_hash}` to sign. Add the
 * signature with `withSignature`.
 */
export function buildDendriteRequest<Fields extends SynapseFields>(
  input: DendriteRequestInput<Fields>,
): UnsignedDendriteRequest<Fields> {
  const timeoutSeconds = input.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS;
  checkInput(input.axon.port, timeoutSeconds, input.nonce);

  const bodyHash = synapseBodyHash(input.synapse, input.fields);
  const dendrite: TerminalInfo = {
    ip: input.dendrite.ip,
    version: input.dendrite.version ?? PYTHON_SDK_VERSION_KEY,
    nonce: input.nonce,
    uuid: input.uuid,
    hotkey: input.dendrite.hotkey,
  };
  const axon: TerminalInfo = {
    ip: input.axon.ip,
    port: input.axon.port,
    hotkey: input.axon.hotkey,
  };

  return {
    url: axonUrl(input.axon.ip, input.axon.port, input.synapse.name),
    messageToSign: dendriteSigningMessage({
      nonce: input.nonce,
      dendriteHotkey: input.dendrite.hotkey,
      axonHotkey: input.axon.hotkey,
      uuid: input.uuid,
      bodyHash,
    }),
    bodyHash,
    unsigned: encodeSynapse(input.synapse, input.fields, { timeoutSeconds, dendrite, axon }),
    synapse: input.synapse,
    fields: input.fields,
    timeoutSeconds,
    dendrite,
    axon,
  };
}

/**
 * Completes a request with the signature of its `messageToSign` (`0x` + 128 hex digits).
 * Throws ProtocolError REQUEST_INVALID for any other signature text.
 */
export function withSignature<Fields extends SynapseFields>(
  request: UnsignedDendriteRequest<Fields>,
  signatureHex: string,
): SignedDendriteRequest {
  if (parseSignature(signatureHex) === undefined) {
    throw new ProtocolError(
      'REQUEST_INVALID',
      'signature must be 0x followed by 128 hex digits (a 64-byte sr25519 signature)',
    );
  }
  const dendrite = { ...request.dendrite, signature: signatureHex.toLowerCase() };
  const encoded = encodeSynapse(request.synapse, request.fields, {
    timeoutSeconds: request.timeoutSeconds,
    dendrite,
    axon: request.axon,
  });
  return { url: request.url, headers: encoded.headers, body: encoded.body };
}

/** Builds the axon URL; an IPv6 address goes in brackets, which the SDK leaves out. */
export function axonUrl(ip: string, port: number, synapseName: string): string {
  const host = ip.includes(':') ? `[${ip}]` : ip;
  return `http://${host}:${port}/${synapseName}`;
}

function checkInput(port: number, timeoutSeconds: number, nonce: bigint): void {
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new ProtocolError(
      'REQUEST_INVALID',
      `axon port ${port} is invalid: use an integer from 1 to 65535`,
    );
  }
  if (!(timeoutSeconds > 0 && Number.isFinite(timeoutSeconds))) {
    throw new ProtocolError(
      'REQUEST_INVALID',
      `timeout ${timeoutSeconds} s is invalid: use a positive number of seconds`,
    );
  }
  if (nonce < 0n) {
    throw new ProtocolError(
      'REQUEST_INVALID',
      `nonce ${nonce} is negative: use nanoseconds since the Unix epoch`,
    );
  }
}
