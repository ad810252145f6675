import type { ApiPromise } from '@polkadot/api';
import type { Codec } from '@polkadot/types/types';
import { describe, expect, it } from 'vitest';
import {
  COMMIT_HASH_CALLS,
  hasCallPair,
  TIMELOCKED_COMMIT_CALLS,
} from '../../src/service/operations/weights-calls.js';
import {
  chooseWeightsPath,
  NoCommitCallError,
  type CommitCallSupport,
} from '../../src/service/operations/weights-path.js';
import { readWeightsState } from '../../src/service/operations/weights-state.js';
import { spec343, withoutCalls } from './spec343.js';

const HOTKEY = '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty';
const { registry, tx } = spec343();

type Storage = Record<string, (...keys: unknown[]) => Promise<Codec>>;

/**
 * Stands in for a connected API, because no spec 343 chain runs here: the
 * header and each storage item return real SCALE codecs of the metadata's
 * types, and an item left out behaves as in a runtime that lacks it.
 */
function chainWith(blockNumber: number, storage: Storage): ApiPromise {
  const header = registry.createType('Header', {
    number: blockNumber,
    parentHash: '0x' + '00'.repeat(32),
    stateRoot: '0x' + '00'.repeat(32),
    extrinsicsRoot: '0x' + '00'.repeat(32),
  });
  return {
    rpc: { chain: { getHeader: async () => header } },
    at: async () => ({ query: { subtensorModule: storage } }),
  } as unknown as ApiPromise;
}

function value(type: string, json: unknown) {
  return async () => registry.createType(type, json) as Codec;
}

/** Storage of a spec 343 subnet where uid 3 last set weights at block 900. */
function subnetStorage(enabled: boolean | undefined, version: number | undefined): Storage {
  const storage: Storage = {
    weightsSetRateLimit: value('u64', 100),
    tempo: value('u16', 360),
    revealPeriodEpochs: value('u64', 2),
    uids: value('Option<u16>', 3),
    lastUpdate: value('Vec<u64>', [0, 0, 0, 900]),
  };
  if (enabled !== undefined) {
    storage.commitRevealWeightsEnabled = value('bool', enabled);
  }
  if (version !== undefined) {
    storage.commitRevealWeightsVersion = value('u16', version);
  }
  return storage;
}

const ALL_CALLS: CommitCallSupport = {
  timelockedCommit: hasCallPair(tx, TIMELOCKED_COMMIT_CALLS),
  hashCommit: hasCallPair(tx, COMMIT_HASH_CALLS),
};
const NO_TIMELOCK = withoutCalls(tx, [
  'commitTimelockedWeights',
  'commitTimelockedMechanismWeights',
]);

describe('weights path from subnet storage', () => {
  it.each([
    ['storage absent (spec 103)', undefined, undefined, 'direct'],
    ['commit-reveal off', false, 4, 'direct'],
    ['commit-reveal on, version 4', true, 4, 'timelocked_commit'],
    ['commit-reveal on, version absent', true, undefined, 'timelocked_commit'],
    ['commit-reveal on, version 5', true, 5, 'timelocked_commit'],
    ['commit-reveal on, version 3', true, 3, 'commit'],
    ['commit-reveal on, version 2', true, 2, 'commit'],
  ] as const)('%s gives %s', async (_case, enabled, version, path) => {
    const api = chainWith(1000, subnetStorage(enabled, version));
    const state = await readWeightsState(api, { netuid: 2, storageIndex: 2, hotkey: HOTKEY });
    expect(chooseWeightsPath(state, ALL_CALLS)).toBe(path);
  });

  it('reads every value the decision uses', async () => {
    const api = chainWith(1000, subnetStorage(true, 3));
    const state = await readWeightsState(api, { netuid: 2, storageIndex: 2, hotkey: HOTKEY });
    expect(state).toEqual({
      blockNumber: 1000,
      commitRevealEnabled: true,
      commitRevealVersion: 3,
      weightsSetRateLimit: 100,
      tempo: 360,
      revealPeriodEpochs: 2,
      uid: 3,
      lastUpdate: 900,
    });
  });

  it('defaults version 4 and one reveal epoch when absent', async () => {
    const storage = subnetStorage(undefined, undefined);
    delete storage.revealPeriodEpochs;
    const state = await readWeightsState(chainWith(5, storage), {
      netuid: 2,
      storageIndex: 2,
      hotkey: HOTKEY,
    });
    expect(state.commitRevealEnabled).toBe(false);
    expect(state.commitRevealVersion).toBe(4);
    expect(state.revealPeriodEpochs).toBe(1);
  });

  it('leaves uid undefined for an unregistered hotkey', async () => {
    const storage = subnetStorage(false, 4);
    storage.uids = value('Option<u16>', null);
    const state = await readWeightsState(chainWith(5, storage), {
      netuid: 2,
      storageIndex: 2,
      hotkey: HOTKEY,
    });
    expect(state.uid).toBeUndefined();
    expect(state.lastUpdate).toBe(0);
  });

  it('reads LastUpdate at the mechanism storage index', async () => {
    const storage = subnetStorage(false, 4);
    const keys: unknown[] = [];
    storage.lastUpdate = async (key: unknown) => {
      keys.push(key);
      return registry.createType('Vec<u64>', [0, 0, 0, 42]) as Codec;
    };
    const state = await readWeightsState(chainWith(5, storage), {
      netuid: 2,
      storageIndex: 4098,
      hotkey: HOTKEY,
    });
    expect(keys).toEqual([4098]);
    expect(state.lastUpdate).toBe(42);
  });
});

describe('weights path by runtime calls', () => {
  const on4 = { commitRevealEnabled: true, commitRevealVersion: 4 };

  it('uses a hash commit when timelocked calls are missing', () => {
    const calls = {
      timelockedCommit: hasCallPair(NO_TIMELOCK, TIMELOCKED_COMMIT_CALLS),
      hashCommit: hasCallPair(NO_TIMELOCK, COMMIT_HASH_CALLS),
    };
    expect(calls.timelockedCommit).toBe(false);
    expect(chooseWeightsPath(on4, calls)).toBe('commit');
  });

  it('rejects commit-reveal without commit calls', () => {
    const calls = { timelockedCommit: false, hashCommit: false };
    expect(() => chooseWeightsPath(on4, calls)).toThrow(NoCommitCallError);
    expect(() => chooseWeightsPath(on4, calls)).toThrow(/version 4/);
  });

  it('sends direct without commit calls when commit-reveal is off', () => {
    const calls = { timelockedCommit: false, hashCommit: false };
    expect(chooseWeightsPath({ commitRevealEnabled: false, commitRevealVersion: 4 }, calls)).toBe(
      'direct',
    );
  });
});
