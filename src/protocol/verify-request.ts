import { ProtocolError } from './errors.js';
import { normalizeHeaders, type IncomingHeaders } from './header-map.js';
import { AXON_HEADER_PREFIX, DENDRITE_HEADER_PREFIX, SYNAPSE_HEADER } from './header-names.js';
import type { NonceGuard } from './nonce-guard.js';
import {
  dendriteSigningMessage,
  verifySr25519Signature,
  type SignatureVerifier,
} from './signing.js';
import { axonRejection, type AxonRejection } from './status.js';
import { synapseBodyHash, type SynapseDefinition, type SynapseFields } from './synapse.js';
import { parseFloatHeader, parseTerminalInfo, type TerminalInfo } from './terminal-info.js';

export interface VerifyAxonRequestOptions<Fields extends SynapseFields> {
  /** The synapse attached at the request's path (`/{name}`). */
  synapse: SynapseDefinition<Fields>;
  /** This axon's SS58 hotkey; the signed message is rebuilt with it, not with the header's. */
  axonHotkey: string;
  nonceGuard: NonceGuard;
  /** Nanoseconds since the Unix epoch; defaults to the guard's clock. */
  nowNs?: bigint;
  /** Defaults to `verifySr25519Signature`. */
  verify?: SignatureVerifier;
  /**
   * Runs before verification, as the SDK's `blacklist_fn`, and returns a reason to
   * reject with 403, or undefined to continue. It sees unverified header values.
   */
  blacklist?: (dendrite: TerminalInfo) => string | undefined;
}

/** The signed dendrite fields that a verified request always has. */
export type VerifiedDendrite = TerminalInfo & {
  hotkey: string;
  nonce: bigint;
  uuid: string;
  signature: string;
};

export interface VerifiedAxonRequest<Fields extends SynapseFields> {
  ok: true;
  synapseName: string;
  /** From the `timeout` header; undefined when the dendrite sent none. */
  timeoutSeconds: number | undefined;
  dendrite: VerifiedDendrite;
  axon: TerminalInfo;
  fields: Fields;
  bodyHash: string;
}

/**
 * Verifies a dendrite request to this axon in the SDK's order: parse headers (400),
 * blacklist (403), nonce and signature (401), then body and body hash (400). On
 * success it records the nonce, so the same request is rejected the next time.
 *
 * NOTE: the SDK returns 500 for a body hash mismatch and accepts a request without a
 * signature header. This function returns 400 and 401 for them.
 */
export function verifyAxonRequest<Fields extends SynapseFields>(
  headers: IncomingHeaders,
  rawBody: string | Uint8Array,
  options: VerifyAxonRequestOptions<Fields>,
): VerifiedAxonRequest<Fields> | AxonRejection {
  let parsed: ParsedHeaders;
  try {
    parsed = parseHeaders(headers);
  } catch (error) {
    return rejectionFor(error, 'BAD_REQUEST');
  }

  const blacklistReason = options.blacklist?.(parsed.dendrite);
  if (blacklistReason !== undefined) {
    return axonRejection('BLACKLISTED', blacklistReason);
  }

  const verified = verifySender(parsed, options);
  if (!verified.ok) {
    return verified;
  }

  let fields: Fields;
  try {
    fields = options.synapse.parseFields(parseJsonObject(rawBody));
  } catch (error) {
    return rejectionFor(error, 'BAD_REQUEST');
  }
  const bodyHash = synapseBodyHash(options.synapse, fields);
  if (bodyHash !== parsed.computedBodyHash) {
    return axonRejection(
      'BAD_REQUEST',
      `body hash ${bodyHash} does not match the computed_body_hash header ${parsed.computedBodyHash}`,
    );
  }

  const { dendrite } = verified;
  options.nonceGuard.record(dendrite.hotkey, dendrite.uuid, dendrite.nonce, options.nowNs);
  return {
    ok: true,
    synapseName: options.synapse.name,
    timeoutSeconds: parsed.timeoutSeconds,
    dendrite,
    axon: parsed.axon,
    fields,
    bodyHash,
  };
}

interface ParsedHeaders {
  dendrite: TerminalInfo;
  axon: TerminalInfo;
  timeoutSeconds: number | undefined;
  computedBodyHash: string | undefined;
}

function parseHeaders(headers: IncomingHeaders): ParsedHeaders {
  const map = normalizeHeaders(headers);
  const timeout = map.get(SYNAPSE_HEADER.timeout);
  return {
    dendrite: parseTerminalInfo(map, DENDRITE_HEADER_PREFIX),
    axon: parseTerminalInfo(map, AXON_HEADER_PREFIX),
    timeoutSeconds:
      timeout === undefined ? undefined : parseFloatHeader(SYNAPSE_HEADER.timeout, timeout),
    computedBodyHash: map.get(SYNAPSE_HEADER.computedBodyHash),
  };
}

type SenderCheck = { ok: true; dendrite: VerifiedDendrite } | AxonRejection;

type SenderOptions = Pick<
  VerifyAxonRequestOptions<SynapseFields>,
  'axonHotkey' | 'nonceGuard' | 'nowNs' | 'verify'
>;

function verifySender(parsed: ParsedHeaders, options: SenderOptions): SenderCheck {
  const { dendrite } = parsed;
  const missing = [
    dendrite.hotkey === undefined && `${DENDRITE_HEADER_PREFIX}hotkey`,
    dendrite.nonce === undefined && `${DENDRITE_HEADER_PREFIX}nonce`,
    dendrite.uuid === undefined && `${DENDRITE_HEADER_PREFIX}uuid`,
    dendrite.signature === undefined && `${DENDRITE_HEADER_PREFIX}signature`,
    parsed.computedBodyHash === undefined && SYNAPSE_HEADER.computedBodyHash,
  ].filter((name): name is string => name !== false);
  if (missing.length > 0) {
    return axonRejection('NOT_VERIFIED', `missing header ${missing.join(', ')}`);
  }
  const signed = dendrite as VerifiedDendrite;

  if (parsed.axon.hotkey !== undefined && parsed.axon.hotkey !== options.axonHotkey) {
    return axonRejection(
      'NOT_VERIFIED',
      `request is addressed to axon hotkey ${parsed.axon.hotkey}, but this axon's hotkey is ${options.axonHotkey}`,
    );
  }

  const nonceCheck = options.nonceGuard.check(
    signed.hotkey,
    signed.uuid,
    signed.nonce,
    parsed.timeoutSeconds,
    options.nowNs,
  );
  if (!nonceCheck.ok) {
    return axonRejection('NOT_VERIFIED', nonceCheck.reason);
  }

  const message = dendriteSigningMessage({
    nonce: signed.nonce,
    dendriteHotkey: signed.hotkey,
    axonHotkey: options.axonHotkey,
    uuid: signed.uuid,
    bodyHash: parsed.computedBodyHash!,
  });
  if (
    !safeVerify(options.verify ?? verifySr25519Signature, message, signed.signature, signed.hotkey)
  ) {
    return axonRejection('NOT_VERIFIED', `signature does not match message ${message}`);
  }
  return { ok: true, dendrite: signed };
}

function safeVerify(
  verify: SignatureVerifier,
  message: string,
  signature: string,
  hotkey: string,
): boolean {
  try {
    return verify(message, signature, hotkey);
  } catch {
    return false;
  }
}

function parseJsonObject(rawBody: string | Uint8Array): Readonly<Record<string, unknown>> {
  let text: string;
  let value: unknown;
  try {
    text =
      typeof rawBody === 'string'
        ? rawBody
        : new TextDecoder('utf-8', { fatal: true }).decode(rawBody);
    value = JSON.parse(text);
  } catch {
    throw new ProtocolError('BODY_INVALID', 'body is not valid UTF-8 JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ProtocolError('BODY_INVALID', 'body is not a JSON object');
  }
  return value as Record<string, unknown>;
}

function rejectionFor(error: unknown, code: 'BAD_REQUEST'): AxonRejection {
  if (error instanceof ProtocolError) {
    return axonRejection(code, error.message);
  }
  throw error;
}
