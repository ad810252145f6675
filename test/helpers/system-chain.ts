import { ApiPromise, WsProvider } from '@polkadot/api';
import { readWeights, type StoredWeight } from '../../src/chain/weights-storage.js';

/** Opens an API connection to a local devnet, for reading blocks and storage. */
export function connectChain(endpoint: string): Promise<ApiPromise> {
  return ApiPromise.create({ provider: new WsProvider(endpoint), noInitWarn: true });
}

/** An extrinsic found in a block, as the chain stores it. */
export interface IncludedExtrinsic {
  /** SS58 address (prefix 42) of the signer. */
  signer: string;
  /** `pallet.call`, such as `subtensorModule.setWeights`. */
  call: string;
}

/**
 * Looks up `txHash` in block `blockNumber` of the best chain, so a test can
 * check a node's log line against the chain. Returns undefined when the
 * block does not contain it.
 */
export async function findExtrinsic(
  api: ApiPromise,
  blockNumber: number,
  txHash: string,
): Promise<IncludedExtrinsic | undefined> {
  const blockHash = await api.rpc.chain.getBlockHash(blockNumber);
  const { block } = await api.rpc.chain.getBlock(blockHash);
  const extrinsic = block.extrinsics.find((item) => item.hash.toHex() === txHash);
  if (!extrinsic) {
    return undefined;
  }
  return {
    signer: extrinsic.signer.toString(),
    call: `${extrinsic.method.section}.${extrinsic.method.method}`,
  };
}

/** Reads `SubtensorModule.LastUpdate[netuid][uid]`: the block of the uid's last weights. */
export async function readLastUpdate(
  api: ApiPromise,
  netuid: number,
  uid: number,
): Promise<number> {
  const stored = await api.query.subtensorModule!.lastUpdate!(netuid);
  const blocks = stored.toJSON() as number[];
  return Number(blocks[uid] ?? 0);
}

/** Reads the weights `uid` had set as of block `blockNumber`, so later updates do not interfere. */
export async function readWeightsAt(
  api: ApiPromise,
  blockNumber: number,
  netuid: number,
  uid: number,
): Promise<StoredWeight[]> {
  const blockHash = await api.rpc.chain.getBlockHash(blockNumber);
  const atBlock = await api.at(blockHash);
  // The decorated API at a block has the same storage queries that readWeights uses.
  return readWeights(atBlock as unknown as ApiPromise, netuid, uid);
}
