import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Metadata, TypeRegistry, expandMetadata } from '@polkadot/types';
import { cryptoWaitReady, signatureVerify } from '@polkadot/util-crypto';
import { u8aToHex } from '@polkadot/util';
import { SUBTENSOR_SIGNED_EXTENSIONS } from '../../src/chain/signed-extensions.js';
import {
  buildSignerPayload,
  payloadSigningBytes,
  signExtrinsic,
} from '../../src/chain/sign-extrinsic.js';
import { signerFromUri } from '../helpers/signers.js';
import { sharedChainFile } from '../helpers/shared-files.js';

const GENESIS = '0x2f0555cc76fc2840a25a6ea3b9637146806f1f44b090c175ffde2a7e5ab36c03';
const ERA_BLOCK = '0x' + '11'.repeat(32);

function mainnetRegistry() {
  const registry = new TypeRegistry();
  const hex = readFileSync(sharedChainFile('finney-spec343-metadata-v14.hex'), 'utf8').trim();
  const metadata = new Metadata(registry, hex as `0x${string}`);
  registry.setMetadata(metadata, undefined, SUBTENSOR_SIGNED_EXTENSIONS);
  return { registry, metadata };
}

describe('offline signing for spec 343', () => {
  beforeAll(async () => {
    await cryptoWaitReady();
  });

  it('knows every signed extension of the runtime', () => {
    const { registry } = mainnetRegistry();
    expect(registry.signedExtensions).toContain('SubtensorTransactionExtension');
    expect(registry.signedExtensions).toContain('DrandPriority');
    expect(registry.signedExtensions).toContain('CheckMetadataHash');
  });

  it('signs set_mechanism_weights and decodes it back', () => {
    const { registry, metadata } = mainnetRegistry();
    const tx = expandMetadata(registry, metadata).tx;
    const call = tx.subtensorModule!.setMechanismWeights!(2, 0, [0, 1, 2], [100, 200, 65535], 1);
    const signer = signerFromUri('//Alice');
    const context = {
      genesisHash: GENESIS,
      specVersion: 343,
      transactionVersion: 1,
      nonce: 7,
      eraBlockHash: ERA_BLOCK,
      eraBlockNumber: 5_000_000,
      eraPeriod: 64,
    };
    const extrinsic = signExtrinsic(
      registry,
      registry.createType('Extrinsic', call),
      signer,
      context,
    );

    const decoded = registry.createType('Extrinsic', extrinsic.toHex());
    expect(decoded.isSigned).toBe(true);
    expect(decoded.signer.toString()).toBe(signer.address);
    expect(decoded.nonce.toNumber()).toBe(7);
    expect(decoded.era.asMortalEra.period.toNumber()).toBe(64);
    expect(decoded.method.section).toBe('subtensorModule');
    expect(decoded.method.method).toBe('setMechanismWeights');
    const args = decoded.method.toJSON() as { args: Record<string, unknown> };
    expect(args.args).toEqual({
      netuid: 2,
      mecid: 0,
      dests: [0, 1, 2],
      weights: [100, 200, 65535],
      version_key: 1,
    });

    const payload = buildSignerPayload(registry, decoded, signer.address, context);
    const signed = payloadSigningBytes(registry, payload);
    const signature = decoded.signature.toU8a();
    const check = signatureVerify(signed, signature, signer.publicKey);
    expect(check.isValid).toBe(true);
    expect(u8aToHex(signature)).not.toBe('0x' + '00'.repeat(64));
  });
});
