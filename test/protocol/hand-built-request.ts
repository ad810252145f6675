import { sha3_256 } from '@noble/hashes/sha3.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';

/**
 * Builds dendrite requests by hand from the wire rules, without the protocol module,
 * so tests compare the module against an independent encoding.
 */
const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
export const alice = keyring.addFromUri('//Alice');
export const bob = keyring.addFromUri('//Bob');
export const charlie = keyring.addFromUri('//Charlie');

export const SECOND = 1_000_000_000n;
export const NOW = 1_700_000_000n * SECOND;
export const DENDRITE_UUID = '6ba7b810-9dad-11d1-80b4-00c04fd430c8';

export function sha3(text: string): string {
  return bytesToHex(sha3_256(utf8ToBytes(text)));
}

export interface HandRequestParts {
  name: string;
  body: string;
  /** The computed_body_hash header and the last part of the signed message. */
  bodyHash: string;
  dendrite?: KeyringPair;
  /** The hotkey put into the signed message and the axon hotkey header. */
  axonHotkey?: string;
  nonce?: bigint;
  uuid?: string;
  timeout?: string;
  /** Signs `<Bytes>message</Bytes>` instead of the message, as wallet extensions do. */
  wrapMessage?: boolean;
}

export interface HandRequest {
  headers: Record<string, string>;
  body: string;
  message: string;
}

export function handBuiltRequest(parts: HandRequestParts): HandRequest {
  const dendrite = parts.dendrite ?? alice;
  const axonHotkey = parts.axonHotkey ?? bob.address;
  const nonce = parts.nonce ?? NOW - SECOND;
  const uuid = parts.uuid ?? DENDRITE_UUID;

  const message = `${nonce}.${dendrite.address}.${axonHotkey}.${uuid}.${parts.bodyHash}`;
  const signed = parts.wrapMessage ? `<Bytes>${message}</Bytes>` : message;
  const signature = `0x${bytesToHex(dendrite.sign(utf8ToBytes(signed)))}`;

  const headers: Record<string, string> = {
    name: parts.name,
    timeout: parts.timeout ?? '12.0',
    bt_header_axon_ip: '10.0.0.2',
    bt_header_axon_port: '8091',
    bt_header_axon_hotkey: axonHotkey,
    bt_header_dendrite_ip: '10.0.0.1',
    bt_header_dendrite_version: '10002000',
    bt_header_dendrite_nonce: String(nonce),
    bt_header_dendrite_uuid: uuid,
    bt_header_dendrite_hotkey: dendrite.address,
    bt_header_dendrite_signature: signature,
    header_size: '640',
    total_size: '1000',
    computed_body_hash: parts.bodyHash,
  };
  return { headers, body: parts.body, message };
}

/** Builds a Dummy request. Dummy hashes no field, so its body hash is SHA3-256 of "". */
export function handBuiltDummyRequest(
  dummyInput: number,
  parts: Partial<HandRequestParts> = {},
): HandRequest {
  return handBuiltRequest({
    name: 'Dummy',
    body: JSON.stringify({
      name: 'Dummy',
      timeout: 12,
      dummy_input: dummyInput,
      dummy_output: null,
    }),
    bodyHash: sha3(''),
    ...parts,
  });
}

export function without(headers: Record<string, string>, name: string): Record<string, string> {
  const copy = { ...headers };
  delete copy[name];
  return copy;
}
