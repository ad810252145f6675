import { hexToU8a, u8aToHex } from '@polkadot/util';
import {
  encodeAddress,
  mnemonicToMiniSecret,
  sr25519PairFromSeed,
  sr25519Verify,
} from '@polkadot/util-crypto';
import { describe, expect, it } from 'vitest';
import { KeyfileError } from '../../src/keystore/errors.js';
import {
  canonicalFromSecretKey,
  rebuildKeyPair,
  secretKeyFromCanonical,
} from '../../src/keystore/key-material.js';
import { createKeySigner } from '../../src/keystore/key-signer.js';
import { KeyUnavailableError } from '../../src/keystore/errors.js';
import {
  OTHER_MNEMONICS,
  VECTOR_ADDRESS,
  VECTOR_MINI_SECRET,
  VECTOR_MNEMONIC,
  VECTOR_PRIVATE_KEY,
  VECTOR_PUBLIC_KEY,
} from './helpers.js';

// Group order of ristretto255, 2^252 + 27742317777372353535851937790883648493.
const GROUP_ORDER = 2n ** 252n + 27742317777372353535851937790883648493n;

function scalarBytes(value: bigint): Uint8Array {
  const out = new Uint8Array(32);
  let rest = value;
  for (let i = 0; i < 32; i++) {
    out[i] = Number(rest & 0xffn);
    rest >>= 8n;
  }
  return out;
}

describe('key material vectors', () => {
  it('mnemonic gives the vector mini-secret', () => {
    expect(u8aToHex(mnemonicToMiniSecret(VECTOR_MNEMONIC))).toBe(VECTOR_MINI_SECRET);
  });

  it('mnemonic rebuilds the vector public key', () => {
    const pair = rebuildKeyPair({ secretPhrase: VECTOR_MNEMONIC }, 'test');
    expect(u8aToHex(pair.publicKey)).toBe(VECTOR_PUBLIC_KEY);
    expect(encodeAddress(pair.publicKey, 42)).toBe(VECTOR_ADDRESS);
  });

  it('seed rebuilds the vector public key', () => {
    const pair = rebuildKeyPair({ secretSeed: hexToU8a(VECTOR_MINI_SECRET) }, 'test');
    expect(u8aToHex(pair.publicKey)).toBe(VECTOR_PUBLIC_KEY);
  });

  it('privateKey rebuilds the vector public key', () => {
    const pair = rebuildKeyPair({ privateKey: hexToU8a(VECTOR_PRIVATE_KEY) }, 'test');
    expect(u8aToHex(pair.publicKey)).toBe(VECTOR_PUBLIC_KEY);
  });

  it('privateKey gives the polkadot-js secret key', () => {
    const expected = sr25519PairFromSeed(hexToU8a(VECTOR_MINI_SECRET));
    const pair = secretKeyFromCanonical(hexToU8a(VECTOR_PRIVATE_KEY), 'test');
    expect(u8aToHex(pair.secretKey)).toBe(u8aToHex(expected.secretKey));
  });

  it('canonical form of the vector seed is the vector privateKey', () => {
    const pair = sr25519PairFromSeed(hexToU8a(VECTOR_MINI_SECRET));
    expect(u8aToHex(canonicalFromSecretKey(pair.secretKey))).toBe(VECTOR_PRIVATE_KEY);
  });

  it.each(OTHER_MNEMONICS)('canonical round trip for %s', (mnemonic) => {
    const pair = sr25519PairFromSeed(mnemonicToMiniSecret(mnemonic));
    const canonical = canonicalFromSecretKey(pair.secretKey);
    const back = secretKeyFromCanonical(canonical, 'test');
    expect(u8aToHex(back.secretKey)).toBe(u8aToHex(pair.secretKey));
    expect(u8aToHex(back.publicKey)).toBe(u8aToHex(pair.publicKey));
  });
});

describe('rebuildKeyPair', () => {
  it('prefers the seed over the mnemonic', () => {
    const other = sr25519PairFromSeed(mnemonicToMiniSecret(OTHER_MNEMONICS[0]));
    const pair = rebuildKeyPair(
      { secretSeed: hexToU8a(VECTOR_MINI_SECRET), secretPhrase: OTHER_MNEMONICS[0] },
      'test',
    );
    expect(u8aToHex(pair.publicKey)).toBe(VECTOR_PUBLIC_KEY);
    expect(u8aToHex(pair.publicKey)).not.toBe(u8aToHex(other.publicKey));
  });

  it('rejects a public field of another key', () => {
    const other = sr25519PairFromSeed(mnemonicToMiniSecret(OTHER_MNEMONICS[0]));
    const attempt = () =>
      rebuildKeyPair(
        { secretSeed: hexToU8a(VECTOR_MINI_SECRET), publicKey: other.publicKey },
        'wallet/coldkey',
      );
    expect(attempt).toThrow(KeyfileError);
    expect(attempt).toThrow(/publicKey/);
  });

  it('rejects a scalar at the group order', () => {
    const privateKey = new Uint8Array(64);
    privateKey.set(scalarBytes(GROUP_ORDER), 0);
    expect(() => secretKeyFromCanonical(privateKey, 'test')).toThrow(/canonical/);
  });

  it('rejects a zero scalar', () => {
    expect(() => secretKeyFromCanonical(new Uint8Array(64), 'test')).toThrow(/canonical/);
  });

  it('rejects data without a secret', () => {
    expect(() => rebuildKeyPair({ publicKey: hexToU8a(VECTOR_PUBLIC_KEY) }, 'test')).toThrow(
      /none of/,
    );
  });
});

describe('createKeySigner', () => {
  it('signs verifiably with the rebuilt key', () => {
    const pair = rebuildKeyPair({ privateKey: hexToU8a(VECTOR_PRIVATE_KEY) }, 'test');
    const { signer } = createKeySigner({ wallet: 'w', keyName: 'h', role: 'hotkey' }, pair);
    const message = new TextEncoder().encode('payload');
    expect(sr25519Verify(message, signer.sign(message), hexToU8a(VECTOR_PUBLIC_KEY))).toBe(true);
    expect(signer.address).toBe(VECTOR_ADDRESS);
  });

  it('destroy zeroes the secret key', () => {
    const pair = rebuildKeyPair({ secretSeed: hexToU8a(VECTOR_MINI_SECRET) }, 'test');
    const secretKey = pair.secretKey;
    const handle = createKeySigner({ wallet: 'w', keyName: 'h', role: 'hotkey' }, pair);
    expect(secretKey.some((byte) => byte !== 0)).toBe(true);

    handle.destroy();
    expect(secretKey.every((byte) => byte === 0)).toBe(true);
    expect(() => handle.signer.sign(new Uint8Array([1]))).toThrow(KeyUnavailableError);
  });

  it('exposes no secret property', () => {
    const pair = rebuildKeyPair({ secretSeed: hexToU8a(VECTOR_MINI_SECRET) }, 'test');
    const secretHex = u8aToHex(pair.secretKey);
    const { signer } = createKeySigner({ wallet: 'w', keyName: 'h', role: 'hotkey' }, pair);
    const names = Reflect.ownKeys(signer).map(String);
    expect(names.sort()).toEqual(['address', 'keyName', 'publicKey', 'role', 'sign', 'wallet']);
    expect(JSON.stringify(signer)).not.toContain(secretHex.slice(2, 18));
  });
});
