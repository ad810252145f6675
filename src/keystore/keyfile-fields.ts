import { hexToU8a } from '@polkadot/util';
import { decodeAddress, mnemonicValidate } from '@polkadot/util-crypto';
import { KeyfileError } from './errors.js';

/** Fields of a keyfile after validation. Absent and `null` fields are both `undefined`. */
export interface KeyfileData {
  accountId?: Uint8Array;
  publicKey?: Uint8Array;
  ss58Address?: string;
  /** 32-byte mini-secret. */
  secretSeed?: Uint8Array;
  /** 64 bytes: canonical secret scalar (little-endian) then nonce, as schnorrkel encodes it. */
  privateKey?: Uint8Array;
  secretPhrase?: string;
}

type JsonObject = Record<string, unknown>;

function invalidField(path: string, field: string, expected: string): KeyfileError {
  return new KeyfileError(
    'KEYFILE_INVALID',
    path,
    `Invalid keyfile ${path}: field "${field}" must be ${expected}`,
    { field },
  );
}

function readString(json: JsonObject, field: string, path: string): string | undefined {
  const value = json[field];
  if (value === undefined || value === null) {
    return undefined;
  }
  if (typeof value !== 'string') {
    throw invalidField(path, field, 'a string or null');
  }
  return value;
}

/** Reads a `0x`-prefixed hex field of exactly `byteLength` bytes. */
export function readHexField(
  json: JsonObject,
  field: string,
  byteLength: number,
  path: string,
): Uint8Array | undefined {
  const text = readString(json, field, path);
  if (text === undefined) {
    return undefined;
  }
  const pattern = new RegExp(`^0x[0-9a-fA-F]{${byteLength * 2}}$`);
  if (!pattern.test(text)) {
    throw invalidField(path, field, `0x followed by ${byteLength * 2} hex digits`);
  }
  return hexToU8a(text);
}

/** Reads an SS58 address; the checksum must be valid. */
export function readAddressField(
  json: JsonObject,
  field: string,
  path: string,
): string | undefined {
  const text = readString(json, field, path);
  if (text === undefined) {
    return undefined;
  }
  try {
    decodeAddress(text);
  } catch {
    throw invalidField(path, field, 'an SS58 address with a valid checksum');
  }
  return text;
}

/** Reads a BIP39 mnemonic; the error never quotes the words. */
export function readMnemonicField(
  json: JsonObject,
  field: string,
  path: string,
): string | undefined {
  const text = readString(json, field, path);
  if (text === undefined) {
    return undefined;
  }
  if (!mnemonicValidate(text)) {
    throw invalidField(path, field, 'a valid BIP39 mnemonic (English word list, valid checksum)');
  }
  return text;
}

/**
 * Validates the known fields of a parsed keyfile object; unknown fields are
 * ignored. `secretPhrase` is read only when neither `secretSeed` nor
 * `privateKey` is present, because either of those rebuilds the key without
 * the mnemonic.
 */
export function readKeyfileFields(json: JsonObject, path: string): KeyfileData {
  const data: KeyfileData = {};
  try {
    data.accountId = readHexField(json, 'accountId', 32, path);
    data.publicKey = readHexField(json, 'publicKey', 32, path);
    data.ss58Address = readAddressField(json, 'ss58Address', path);
    data.secretSeed = readHexField(json, 'secretSeed', 32, path);
    data.privateKey = readHexField(json, 'privateKey', 64, path);
    if (data.secretSeed === undefined && data.privateKey === undefined) {
      data.secretPhrase = readMnemonicField(json, 'secretPhrase', path);
    }
  } catch (error) {
    wipeKeyfileData(data);
    throw error;
  }
  return data;
}

/** Zeroes the secret bytes of parsed keyfile data. The mnemonic string cannot be wiped. */
export function wipeKeyfileData(data: KeyfileData): void {
  data.secretSeed?.fill(0);
  data.privateKey?.fill(0);
  delete data.secretPhrase;
}
