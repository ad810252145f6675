import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mnemonicGenerate, signatureVerify } from '@polkadot/util-crypto';
import { ManageServiceError } from '../../src/client/errors.js';
import { LocalSigner } from '../../src/client/local-signer.js';
import { KeystoreError } from '../../src/keystore/index.js';
import { captureLogger } from '../helpers/log-capture.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { VECTOR_ADDRESS, VECTOR_MNEMONIC, writePlainHotkey } from './wallet-fixture.js';

// Chain submission of LocalSigner needs a running chain and is tested elsewhere.

let temp: { dir: string; remove: () => void };
let otherAddress: string;
const { logger } = captureLogger('local-signer-test', 'warn');

beforeAll(async () => {
  temp = makeTempDir('client-local-signer');
  await writePlainHotkey(temp.dir, 'validator', 'default', VECTOR_MNEMONIC);
  otherAddress = await writePlainHotkey(temp.dir, 'miner', 'hk2', mnemonicGenerate());
});

afterAll(() => {
  temp.remove();
});

function open(wallet = 'validator', hotkey = 'default'): Promise<LocalSigner> {
  return LocalSigner.open({ walletPath: temp.dir, wallet, hotkey, logger });
}

describe('LocalSigner', () => {
  it('loads the hotkey address from the wallet', async () => {
    const signer = await open();
    expect(signer.mode).toBe('local');
    expect(await signer.hotkeyAddress()).toBe(VECTOR_ADDRESS);
    signer.close();
  });

  it('picks the named wallet and hotkey', async () => {
    const signer = await open('miner', 'hk2');
    expect(await signer.hotkeyAddress()).toBe(otherAddress);
    expect(signer.keyName).toEqual({ wallet: 'miner', hotkey: 'hk2' });
    signer.close();
  });

  it('signs messages verifiable with the address', async () => {
    const signer = await open();
    const encoder = new TextEncoder();
    const messages = [
      encoder.encode('1700000000.5Dendrite.5Axon.uuid.hash'),
      new Uint8Array(0),
      new Uint8Array(300).fill(7),
    ];
    const signatures = await signer.signMessages(messages);
    expect(signatures).toHaveLength(3);
    for (const [index, signature] of signatures.entries()) {
      expect(signature).toHaveLength(64);
      const message = messages[index] ?? new Uint8Array();
      expect(signatureVerify(message, signature, VECTOR_ADDRESS).isValid).toBe(true);
      expect(signatureVerify(message, signature, otherAddress).isValid).toBe(false);
    }
    signer.close();
  });

  it('returns an empty list for no messages', async () => {
    const signer = await open();
    expect(await signer.signMessages([])).toEqual([]);
    signer.close();
  });

  it('rejects transactions without a chain', async () => {
    const signer = await open();
    const request = { netuid: 1, uids: [0], weights: [1], versionKey: 0 };
    const error = await signer.setWeights(request).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ManageServiceError);
    expect((error as ManageServiceError).code).toBe('INVALID_REQUEST');
    expect((error as ManageServiceError).origin).toBe('local');
    expect((error as ManageServiceError).message).toMatch(/no chain connection/);
    signer.close();
  });

  it('fails to sign after close', async () => {
    const signer = await open();
    signer.close();
    const error = await signer
      .signMessages([new Uint8Array([1])])
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ManageServiceError);
    expect((error as ManageServiceError).code).toBe('KEY_UNAVAILABLE');
    expect((error as ManageServiceError).status).toBe(422);
  });

  it('throws the keystore error for an unknown hotkey', async () => {
    const error = await open('validator', 'missing').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(KeystoreError);
    expect((error as KeystoreError).code).toBe('KEY_NOT_FOUND');
  });

  it('throws the keystore error for a missing wallet path', async () => {
    const error = await LocalSigner.open({
      walletPath: `${temp.dir}/absent`,
      wallet: 'validator',
      hotkey: 'default',
      logger,
    }).catch((caught: unknown) => caught);
    expect((error as KeystoreError).code).toBe('WALLET_PATH_INVALID');
  });

  it('keeps no secret in its enumerable state', async () => {
    const signer = await open();
    const text = JSON.stringify(signer) + Object.keys(signer).join(',');
    expect(text).not.toContain('leopard');
    signer.close();
  });
});
