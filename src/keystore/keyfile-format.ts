import { hexToU8a } from '@polkadot/util';
import { KeyfileError } from './errors.js';
import { readKeyfileFields, type KeyfileData } from './keyfile-fields.js';

/** Encoding of a key file, detected from its first bytes. */
export type KeyfileEncoding = 'nacl' | 'ansible-vault' | 'fernet' | 'plaintext';

const PREFIXES: ReadonlyArray<readonly [string, KeyfileEncoding]> = [
  ['$NACL', 'nacl'],
  ['$ANSIBLE_VAULT', 'ansible-vault'],
  // Fernet tokens are base64url of a version byte 0x80 and a 64-bit timestamp
  // whose top bytes are zero, so they all start with these characters.
  ['gAAAAA', 'fernet'],
];

function startsWithAscii(content: Uint8Array, prefix: string): boolean {
  if (content.length < prefix.length) {
    return false;
  }
  for (let i = 0; i < prefix.length; i++) {
    if (content[i] !== prefix.charCodeAt(i)) {
      return false;
    }
  }
  return true;
}

/** Detects the encoding of a key file from its leading bytes. */
export function detectKeyfileEncoding(content: Uint8Array): KeyfileEncoding {
  for (const [prefix, encoding] of PREFIXES) {
    if (startsWithAscii(content, prefix)) {
      return encoding;
    }
  }
  return 'plaintext';
}

/** Error for a key file in a format this service does not decrypt. */
export function legacyFormatError(
  encoding: 'ansible-vault' | 'fernet',
  path: string,
): KeyfileError {
  const message =
    encoding === 'fernet'
      ? `Key file ${path} uses a legacy format (Fernet) that btwallet 4.0.0 cannot open either; ` +
        're-create it with btcli from the mnemonic'
      : `Key file ${path} uses a legacy format (Ansible Vault); re-encrypt it with btcli, ` +
        'which still opens it and writes $NACL, or re-create it from the mnemonic';
  return new KeyfileError('LEGACY_FORMAT', path, message);
}

function decodeText(content: Uint8Array, path: string): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(content);
  } catch {
    throw new KeyfileError('KEYFILE_INVALID', path, `Invalid keyfile ${path}: not UTF-8 text`);
  }
  // trim() also drops a byte order mark.
  return text.trim();
}

function parseJsonObject(text: string, path: string): Record<string, unknown> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // The parser's own message quotes the input, which may be a secret.
    throw new KeyfileError('KEYFILE_INVALID', path, `Invalid keyfile ${path}: not valid JSON`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new KeyfileError(
      'KEYFILE_INVALID',
      path,
      `Invalid keyfile ${path}: expected a JSON object with keyfile fields`,
    );
  }
  return json as Record<string, unknown>;
}

/**
 * Parses plaintext keyfile JSON in either style: btwallet's compact JSON
 * without absent fields, or the Python client's JSON with all six fields and
 * `null` for absent ones.
 */
export function parseKeyfileJson(content: Uint8Array, path: string): KeyfileData {
  const text = decodeText(content, path);
  if (text.length === 0) {
    throw new KeyfileError('KEYFILE_INVALID', path, `Invalid keyfile ${path}: the file is empty`);
  }
  return readKeyfileFields(parseJsonObject(text, path), path);
}

const BARE_PUBLIC_KEY = /^0x[0-9a-fA-F]{64}$/;
const SECRET_FIELDS = ['secretSeed', 'privateKey', 'secretPhrase'] as const;

/**
 * Parses a public key file (`coldkeypub.txt`, `<hotkey>pub.txt`): keyfile JSON,
 * or a bare `0x<hex public key>` as very old wallets wrote it. Secret fields
 * in a public file are rejected because that file is not meant to be private.
 */
export function parsePublicKeyfile(content: Uint8Array, path: string): KeyfileData {
  const encoding = detectKeyfileEncoding(content);
  if (encoding !== 'plaintext') {
    throw new KeyfileError(
      'KEYFILE_INVALID',
      path,
      `Invalid public key file ${path}: it is encrypted, but public key files are plain JSON`,
    );
  }
  const text = decodeText(content, path);
  if (BARE_PUBLIC_KEY.test(text)) {
    return { publicKey: hexToU8a(text) };
  }
  if (text.length === 0) {
    throw new KeyfileError('KEYFILE_INVALID', path, `Invalid public key file ${path}: it is empty`);
  }

  const json = parseJsonObject(text, path);
  const secretField = SECRET_FIELDS.find(
    (field) => json[field] !== undefined && json[field] !== null,
  );
  if (secretField !== undefined) {
    throw new KeyfileError(
      'KEYFILE_INVALID',
      path,
      `Public key file ${path} contains the secret field "${secretField}"; ` +
        'remove the secret fields, because public key files are often readable by everyone',
      { field: secretField },
    );
  }
  return readKeyfileFields(json, path);
}
