import { u8aToHex } from '@polkadot/util';
import { describe, expect, it } from 'vitest';
import { KeyfileError } from '../../src/keystore/errors.js';
import {
  detectKeyfileEncoding,
  parseKeyfileJson,
  parsePublicKeyfile,
} from '../../src/keystore/keyfile-format.js';
import {
  VECTOR_MINI_SECRET,
  VECTOR_PUBLIC_KEY,
  compactKeyfile,
  pythonKeyfile,
  testKeyFromMnemonic,
  VECTOR_MNEMONIC,
} from './helpers.js';

const text = (value: string) => new TextEncoder().encode(value);
const vectorKey = testKeyFromMnemonic(VECTOR_MNEMONIC);

function caught(run: () => unknown): KeyfileError {
  try {
    run();
  } catch (error) {
    if (error instanceof KeyfileError) {
      return error;
    }
    throw error;
  }
  throw new Error('expected a KeyfileError');
}

describe('detectKeyfileEncoding', () => {
  it.each([
    ['$NACL\u0000\u0001', 'nacl'],
    ['$ANSIBLE_VAULT;1.1;AES256\n6162', 'ansible-vault'],
    ['gAAAAABkZ2hpamtsbW5vcA==', 'fernet'],
    ['{"secretSeed":"0x00"}', 'plaintext'],
    ['0x32939b6abc4d81f02dff04d2b8d1d01cc8e71c5e4c7492e4fa6a238cdca3512f', 'plaintext'],
  ])('detects %s', (content, expected) => {
    expect(detectKeyfileEncoding(text(content))).toBe(expected);
  });
});

describe('parseKeyfileJson', () => {
  it('reads btwallet compact JSON', () => {
    const data = parseKeyfileJson(text(compactKeyfile(vectorKey, ['public', 'seedHex'])), 'f');
    expect(u8aToHex(data.secretSeed)).toBe(VECTOR_MINI_SECRET);
    expect(u8aToHex(data.publicKey)).toBe(VECTOR_PUBLIC_KEY);
    expect(data.ss58Address).toBe(vectorKey.address);
  });

  it('reads Python JSON with nulls', () => {
    const json = pythonKeyfile({ ...vectorKey, mnemonic: undefined }, true);
    expect(json).toContain('"secretPhrase": null');
    const data = parseKeyfileJson(text(json), 'f');
    expect(data.secretPhrase).toBeUndefined();
    expect(u8aToHex(data.secretSeed)).toBe(VECTOR_MINI_SECRET);
    expect(u8aToHex(data.accountId)).toBe(VECTOR_PUBLIC_KEY);
  });

  it('skips the mnemonic when a seed is present', () => {
    const json = JSON.stringify({ secretSeed: VECTOR_MINI_SECRET, secretPhrase: 'not words' });
    const data = parseKeyfileJson(text(json), 'f');
    expect(data.secretPhrase).toBeUndefined();
    expect(u8aToHex(data.secretSeed)).toBe(VECTOR_MINI_SECRET);
  });

  it('rejects an invalid mnemonic without quoting it', () => {
    const error = caught(() =>
      parseKeyfileJson(text(JSON.stringify({ secretPhrase: 'alpha beta gamma' })), 'f'),
    );
    expect(error.code).toBe('KEYFILE_INVALID');
    expect(error.field).toBe('secretPhrase');
    expect(error.message).not.toContain('gamma');
  });

  it('rejects a short seed without quoting it', () => {
    const error = caught(() =>
      parseKeyfileJson(text(JSON.stringify({ secretSeed: '0xabcdef1234' })), 'f'),
    );
    expect(error.field).toBe('secretSeed');
    expect(error.message).not.toContain('abcdef1234');
  });

  it('rejects broken JSON without quoting it', () => {
    const error = caught(() => parseKeyfileJson(text('{"secretSeed": "0xdeadbeef'), 'f'));
    expect(error.code).toBe('KEYFILE_INVALID');
    expect(error.message).not.toContain('deadbeef');
  });

  it('rejects an empty file', () => {
    expect(caught(() => parseKeyfileJson(text(''), 'f')).message).toMatch(/empty/);
  });
});

describe('parsePublicKeyfile', () => {
  it('reads a bare hex public key', () => {
    const data = parsePublicKeyfile(text(VECTOR_PUBLIC_KEY), 'coldkeypub.txt');
    expect(u8aToHex(data.publicKey)).toBe(VECTOR_PUBLIC_KEY);
  });

  it('reads compact and Python JSON', () => {
    for (const json of [compactKeyfile(vectorKey, ['public']), pythonKeyfile(vectorKey, false)]) {
      const data = parsePublicKeyfile(text(json), 'coldkeypub.txt');
      expect(u8aToHex(data.publicKey)).toBe(VECTOR_PUBLIC_KEY);
    }
  });

  it('rejects a secret field', () => {
    const json = compactKeyfile(vectorKey, ['public', 'seedHex']);
    const error = caught(() => parsePublicKeyfile(text(json), 'coldkeypub.txt'));
    expect(error.field).toBe('secretSeed');
    expect(error.message).not.toContain(VECTOR_MINI_SECRET.slice(2));
  });

  it('rejects an encrypted public file', () => {
    expect(caught(() => parsePublicKeyfile(text('$NACL0000'), 'p')).code).toBe('KEYFILE_INVALID');
  });
});
