import type { DerivationPool } from './derivation-pool.js';
import { KeyfileError } from './errors.js';
import { readSecretFile, type SecretFilePolicy } from './file-access.js';
import { rebuildKeyPair, type Sr25519Pair } from './key-material.js';
import { createKeySigner, type KeyIdentity, type SignerHandle } from './key-signer.js';
import { wipeKeyfileData } from './keyfile-fields.js';
import { detectKeyfileEncoding, legacyFormatError, parseKeyfileJson } from './keyfile-format.js';
import { naclDecrypt } from './nacl.js';
import { btPasswordVariableName, findPassword, type PasswordSources } from './password-source.js';

/** Everything one keystore load shares between its keys. */
export interface LoadContext extends SecretFilePolicy {
  passwords: PasswordSources;
  derivations: DerivationPool;
}

async function decryptKeyfile(
  context: LoadContext,
  content: Uint8Array,
  path: string,
  passwordEntry: string,
): Promise<Uint8Array> {
  const password = findPassword(context.passwords, passwordEntry, path);
  if (password === undefined) {
    throw new KeyfileError(
      'PASSWORD_MISSING',
      path,
      `Key file ${path} is encrypted and has no password; add the entry "${passwordEntry}" ` +
        `to the password file or set ${btPasswordVariableName(path)} as btwallet does`,
    );
  }

  let key: Uint8Array;
  try {
    key = await context.derivations.derive(password.bytes);
  } finally {
    password.bytes.fill(0);
  }
  return naclDecrypt(content, key, path, password.origin);
}

function pairFromPlaintext(plaintext: Uint8Array, path: string): Sr25519Pair {
  // NOTE: parsing makes JavaScript strings of the hex secrets and the
  // mnemonic. Strings cannot be zeroed, so they stay in the heap until
  // garbage collection; only the byte arrays are wiped.
  const data = parseKeyfileJson(plaintext, path);
  try {
    return rebuildKeyPair(data, path);
  } finally {
    wipeKeyfileData(data);
  }
}

/**
 * Loads one secret key file (coldkey or hotkey) into a signer. `passwordEntry`
 * is the password file entry for the key in case the file is `$NACL`
 * encrypted. Every buffer that held key material is zeroed before returning.
 */
export async function loadSecretKey(
  context: LoadContext,
  identity: KeyIdentity,
  path: string,
  passwordEntry: string,
): Promise<SignerHandle> {
  const content = await readSecretFile(path, context);
  let plaintext: Uint8Array | undefined;
  try {
    const encoding = detectKeyfileEncoding(content);
    if (encoding === 'ansible-vault' || encoding === 'fernet') {
      throw legacyFormatError(encoding, path);
    }
    plaintext =
      encoding === 'nacl' ? await decryptKeyfile(context, content, path, passwordEntry) : content;
    return createKeySigner(identity, pairFromPlaintext(plaintext, path));
  } finally {
    content.fill(0);
    plaintext?.fill(0);
  }
}
