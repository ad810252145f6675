import { scrypt } from '@noble/hashes/scrypt.js';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SCRYPT_PARAMS,
  hashSecret,
  parseSecretHash,
  verifySecret,
  type SecretHash,
} from '../../src/security/secret-hash.js';
import { FAST_SCRYPT } from './helpers.js';

function parsed(text: string): SecretHash {
  const result = parseSecretHash(text);
  if (typeof result === 'string') {
    throw new Error(`hash did not parse: ${result}`);
  }
  return result;
}

describe('secret hashes', () => {
  it('store parameters, salt and hash', () => {
    const text = hashSecret('mst_a_secret', FAST_SCRYPT);
    expect(text).toMatch(/^scrypt\$1024\$8\$1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
  });

  it('match an independent scrypt implementation', () => {
    const stored = parsed(hashSecret('mst_a_secret', FAST_SCRYPT));
    const expected = scrypt('mst_a_secret', stored.salt, { N: 1024, r: 8, p: 1, dkLen: 32 });
    expect(Buffer.from(expected).equals(stored.hash)).toBe(true);
  });

  it('verify the RFC 7914 test vector', () => {
    const vector = Buffer.from(
      'fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b373162' +
        '2eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640',
      'hex',
    );
    const stored = { params: { N: 1024, r: 8, p: 16 }, salt: Buffer.from('NaCl'), hash: vector };
    expect(verifySecret('password', stored)).toBe(true);
    expect(verifySecret('passwore', stored)).toBe(false);
  });

  it('verify the right secret only', () => {
    const stored = parsed(hashSecret('mst_a_right', FAST_SCRYPT));
    expect(verifySecret('mst_a_right', stored)).toBe(true);
    expect(verifySecret('mst_a_wrong', stored)).toBe(false);
    expect(verifySecret('', stored)).toBe(false);
  });

  it('use a fresh salt every time', () => {
    expect(hashSecret('same', FAST_SCRYPT)).not.toBe(hashSecret('same', FAST_SCRYPT));
  });

  it('default to N 2^15, r 8, p 1', () => {
    expect(DEFAULT_SCRYPT_PARAMS).toEqual({ N: 32768, r: 8, p: 1 });
    const stored = parsed(hashSecret('mst_a_default'));
    expect(stored.params).toEqual({ N: 32768, r: 8, p: 1 });
    expect(verifySecret('mst_a_default', stored)).toBe(true);
  });

  const salt = Buffer.alloc(16, 1).toString('base64');
  const hash = Buffer.alloc(32, 2).toString('base64');
  it.each([
    ['another scheme', `argon2$1$1$1$${salt}$${hash}`, /not of the form/],
    ['N not a power of two', `scrypt$1000$8$1$${salt}$${hash}`, /N 1000 is not a power of two/],
    ['N too small', `scrypt$512$8$1$${salt}$${hash}`, /N 512/],
    ['N too large', `scrypt$${2 ** 21}$8$1$${salt}$${hash}`, /N 2097152/],
    ['r zero', `scrypt$1024$0$1$${salt}$${hash}`, /r 0 is not from 1 to 32/],
    ['p too large', `scrypt$1024$8$17$${salt}$${hash}`, /p 17/],
    ['too much memory', `scrypt$${2 ** 20}$8$1$${salt}$${hash}`, /needs more than 256 MiB/],
    ['short salt', `scrypt$1024$8$1$AAAA$${hash}`, /salt of 3 bytes/],
    ['short hash', `scrypt$1024$8$1$${salt}$AAAA`, /hash of 3 bytes/],
    ['missing part', `scrypt$1024$8$1$${salt}`, /not of the form/],
  ])('reject %s', (_case, text, problem) => {
    const result = parseSecretHash(text);
    expect(typeof result).toBe('string');
    expect(result).toMatch(problem);
  });

  it('reject invalid parameters when hashing', () => {
    expect(() => hashSecret('x', { N: 3, r: 8, p: 1 })).toThrow(/scrypt parameters are invalid/);
  });
});
