import type { ApiPromise } from '@polkadot/api';

/** One weight a neuron has set on chain. */
export interface StoredWeight {
  uid: number;
  weight: number;
}

/** Reads `SubtensorModule.Weights[netuid][uid]`: the weights that `uid` set, as u16 values. */
export async function readWeights(
  api: ApiPromise,
  netuid: number,
  uid: number,
): Promise<StoredWeight[]> {
  const stored = await api.query.subtensorModule!.weights!(netuid, uid);
  const pairs = stored.toJSON() as [number, number][];
  return pairs.map(([target, weight]) => ({ uid: target, weight }));
}
