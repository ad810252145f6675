import { readFileSync } from 'node:fs';
import { Metadata, TypeRegistry, expandMetadata } from '@polkadot/types';
import type { Call } from '@polkadot/types/interfaces';
import { SUBTENSOR_SIGNED_EXTENSIONS } from '../../src/chain/signed-extensions.js';
import { signExtrinsic } from '../../src/chain/sign-extrinsic.js';
import type { KeySigner } from '../../src/keystore/signer.js';
import type { CallTable } from '../../src/service/operations/weights-calls.js';
import { sharedChainFile } from '../helpers/shared-files.js';

/** Registry and call table of today's main network runtime (spec 343), from its metadata. */
export function spec343() {
  const registry = new TypeRegistry();
  const hex = readFileSync(sharedChainFile('finney-spec343-metadata-v14.hex'), 'utf8').trim();
  const metadata = new Metadata(registry, hex as `0x${string}`);
  registry.setMetadata(metadata, undefined, SUBTENSOR_SIGNED_EXTENSIONS);
  const tx = expandMetadata(registry, metadata).tx as unknown as CallTable<Call>;
  return { registry, metadata, tx };
}

/** Copies a call table without the named SubtensorModule calls, like an older runtime. */
export function withoutCalls<T>(tx: CallTable<T>, names: readonly string[]): CallTable<T> {
  const module = { ...tx.subtensorModule };
  for (const name of names) {
    delete module[name];
  }
  return { ...tx, subtensorModule: module };
}

/** Signs a call as the service would, then decodes the extrinsic bytes back. */
export function signAndDecode(
  registry: TypeRegistry,
  call: Call,
  signer: KeySigner,
): { section: string; method: string; args: Record<string, unknown>; signer: string } {
  const extrinsic = signExtrinsic(registry, registry.createType('Extrinsic', call), signer, {
    genesisHash: '0x' + '22'.repeat(32),
    specVersion: 343,
    transactionVersion: 1,
    nonce: 3,
    eraBlockHash: '0x' + '11'.repeat(32),
    eraBlockNumber: 6_000_000,
    eraPeriod: 64,
  });
  const decoded = registry.createType('Extrinsic', extrinsic.toHex());
  const json = decoded.method.toJSON() as { args: Record<string, unknown> };
  return {
    section: decoded.method.section,
    method: decoded.method.method,
    args: json.args,
    signer: decoded.signer.toString(),
  };
}
