import { mnemonicToMiniSecret, sr25519PairFromSeed } from '@polkadot/util-crypto';

/** A named secret and every text form in which it could slip out. */
export interface SecretForms {
  name: string;
  forms: string[];
}

/**
 * Returns the text itself and its URL-encoded form (for strings), and the
 * hex, base64 and base64url forms of its bytes.
 */
export function encodedForms(secret: string | Uint8Array): string[] {
  const bytes = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : Buffer.from(secret);
  const forms = [bytes.toString('hex'), bytes.toString('base64'), bytes.toString('base64url')];
  if (typeof secret === 'string') {
    forms.push(secret, encodeURIComponent(secret));
  }
  return forms;
}

/** Returns a mnemonic, its seed and its sr25519 secret key, each in every encoding. */
export function mnemonicForms(name: string, mnemonic: string): SecretForms[] {
  const seed = mnemonicToMiniSecret(mnemonic);
  const secretKey = sr25519PairFromSeed(seed).secretKey;
  return [
    { name: `${name} mnemonic`, forms: encodedForms(mnemonic) },
    { name: `${name} seed`, forms: encodedForms(seed) },
    { name: `${name} secret key`, forms: encodedForms(secretKey) },
    { name: `${name} secret scalar`, forms: encodedForms(secretKey.subarray(0, 32)) },
  ];
}

/** Returns "<secret> in <place>" for every form of every secret found in any text. */
export function findLeaks(
  secrets: readonly SecretForms[],
  places: ReadonlyArray<readonly [string, string]>,
): string[] {
  const leaks: string[] = [];
  for (const [place, text] of places) {
    for (const secret of secrets) {
      if (secret.forms.some((form) => text.includes(form))) {
        leaks.push(`${secret.name} in ${place}`);
      }
    }
  }
  return leaks;
}
