import type { ApiPromise } from '@polkadot/api';
import type { Codec } from '@polkadot/types/types';

/** Subnet storage that decides how, and whether now, weights may be sent. */
export interface WeightsSubnetState {
  /** Best block when the state was read; every value below is read at this block. */
  blockNumber: number;
  /** `CommitRevealWeightsEnabled[netuid]`; false when the runtime has no such storage. */
  commitRevealEnabled: boolean;
  /** `CommitRevealWeightsVersion`; 4 (the chain default) when the runtime has no such storage. */
  commitRevealVersion: number;
  /** `WeightsSetRateLimit[netuid]`, in blocks. */
  weightsSetRateLimit: number;
  tempo: number;
  /** `RevealPeriodEpochs[netuid]`; 1 (the chain default) when the runtime has no such storage. */
  revealPeriodEpochs: number;
  /** The hotkey's uid from `Uids[netuid][hotkey]`; undefined when it is not registered. */
  uid: number | undefined;
  /** `LastUpdate[storage index][uid]`; 0 when the uid never set weights. */
  lastUpdate: number;
}

export interface WeightsStateQuery {
  netuid: number;
  /** `mechid * 4096 + netuid`: the key of `LastUpdate`. */
  storageIndex: number;
  /** SS58 address of the hotkey. */
  hotkey: string;
}

/** Reads the subnet state for one hotkey; the chain by default, a stub in tests. */
export type WeightsStateReader = (query: WeightsStateQuery) => Promise<WeightsSubnetState>;

export const DEFAULT_COMMIT_REVEAL_VERSION = 4;
const DEFAULT_REVEAL_PERIOD_EPOCHS = 1;
const DEFAULT_TEMPO = 360;

type StorageFunction = (...keys: unknown[]) => Promise<Codec>;

/** Returns a `SubtensorModule` storage getter, or undefined when this runtime lacks the item. */
function storage(query: Record<string, unknown> | undefined, name: string) {
  const entry = query?.[name];
  return typeof entry === 'function' ? (entry as StorageFunction) : undefined;
}

async function readNumber(
  getter: StorageFunction | undefined,
  keys: unknown[],
  fallback: number,
): Promise<number> {
  return getter ? Number((await getter(...keys)).toString()) : fallback;
}

/**
 * Reads everything the weights routes decide on, at one block. Items a
 * runtime does not have (the 2023 devnet runtime has no commit-reveal) take
 * the values that make that runtime behave as it does: commit-reveal off.
 */
export async function readWeightsState(
  api: ApiPromise,
  query: WeightsStateQuery,
): Promise<WeightsSubnetState> {
  const header = await api.rpc.chain.getHeader();
  const at = await api.at(header.hash);
  const module = at.query.subtensorModule as Record<string, unknown> | undefined;
  const { netuid } = query;

  const enabled = storage(module, 'commitRevealWeightsEnabled');
  const uidGetter = storage(module, 'uids');
  const lastUpdateGetter = storage(module, 'lastUpdate');
  const [commitRevealEnabled, commitRevealVersion, weightsSetRateLimit, tempo, revealPeriodEpochs] =
    await Promise.all([
      enabled ? enabled(netuid).then((value) => value.toJSON() === true) : false,
      readNumber(storage(module, 'commitRevealWeightsVersion'), [], DEFAULT_COMMIT_REVEAL_VERSION),
      readNumber(storage(module, 'weightsSetRateLimit'), [netuid], 0),
      readNumber(storage(module, 'tempo'), [netuid], DEFAULT_TEMPO),
      readNumber(storage(module, 'revealPeriodEpochs'), [netuid], DEFAULT_REVEAL_PERIOD_EPOCHS),
    ]);

  const uidValue = uidGetter ? (await uidGetter(netuid, query.hotkey)).toJSON() : null;
  const uid = typeof uidValue === 'number' ? uidValue : undefined;
  let lastUpdate = 0;
  if (uid !== undefined && lastUpdateGetter) {
    const updates = (await lastUpdateGetter(query.storageIndex)).toJSON() as (number | string)[];
    lastUpdate = Number(updates[uid] ?? 0);
  }

  return {
    blockNumber: header.number.toNumber(),
    commitRevealEnabled,
    commitRevealVersion,
    weightsSetRateLimit,
    tempo,
    revealPeriodEpochs,
    uid,
    lastUpdate,
  };
}
