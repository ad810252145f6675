import { blake2b } from '@noble/hashes/blake2.js';
import { hexToU8a, u8aConcat, u8aToHex } from '@polkadot/util';
import type { Call } from '@polkadot/types/interfaces';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ChainConnection } from '../../src/chain/connection.js';
import { ChainUnavailableError } from '../../src/chain/errors.js';
import type { TransactionSubmitter, TxOutcome } from '../../src/chain/submitter.js';
import { PendingCommitStore } from '../../src/commits/index.js';
import type { KeySigner } from '../../src/keystore/signer.js';
import { ApiError } from '../../src/service/errors.js';
import { revealWeightsNow } from '../../src/service/operations/commit-reveal.js';
import { commitWeights } from '../../src/service/operations/commit-weights.js';
import {
  setWeights,
  type WeightsDependencies,
  type WeightsRequest,
} from '../../src/service/operations/set-weights.js';
import type { SignerSource } from '../../src/service/operations/signer-source.js';
import { WeightsRateLimitedError } from '../../src/service/operations/weights-rate-limit.js';
import type { WeightsSubnetState } from '../../src/service/operations/weights-state.js';
import { decrypt } from '../../src/timelock/index.js';
import { QUICKNET_PULSES } from '../timelock/fixtures.js';
import { signerFromUri } from '../helpers/signers.js';
import { spec343 } from './spec343.js';

const QUICKNET_GENESIS = 1692803367;
const { registry, tx } = spec343();
const hotkey = signerFromUri('//Dave');

/**
 * Replaces the service's chain side, because no spec 343 chain runs here.
 * The call table and types come from the real spec 343 metadata. The
 * submitter records each built call and returns `outcome`, and the test
 * gives the subnet state. Everything between the request and the call is
 * the service's own code.
 */
class StandInChain {
  block = 100;
  readonly calls: Call[] = [];
  outcome: TxOutcome = {
    txHash: '0x' + 'cd'.repeat(32),
    nonce: 1,
    status: 'in_block',
    blockNumber: 100,
    resigned: false,
  };
  failure: Error | undefined;
  onSubmit: () => void = () => undefined;

  readonly api = {
    tx,
    runtimeVersion: { specVersion: registry.createType('u32', 343) },
    rpc: {
      chain: {
        getHeader: async () =>
          registry.createType('Header', {
            number: this.block,
            parentHash: '0x' + '00'.repeat(32),
            stateRoot: '0x' + '00'.repeat(32),
            extrinsicsRoot: '0x' + '00'.repeat(32),
          }),
      },
    },
  };

  readonly connection = { requireApi: () => this.api } as unknown as ChainConnection;

  readonly submitter = {
    submit: async (_signer: KeySigner, build: (api: unknown) => Call) => {
      this.calls.push(build(this.api));
      this.onSubmit();
      if (this.failure) {
        throw this.failure;
      }
      return this.outcome;
    },
  } as unknown as TransactionSubmitter;

  lastCall(): { method: string; args: Record<string, unknown> } {
    const call = registry.createType('Call', this.calls.at(-1)!.toU8a());
    return { method: call.method, args: (call.toJSON() as { args: Record<string, unknown> }).args };
  }
}

function subnet(overrides: Partial<WeightsSubnetState> = {}): WeightsSubnetState {
  return {
    blockNumber: 100,
    commitRevealEnabled: true,
    commitRevealVersion: 4,
    weightsSetRateLimit: 0,
    tempo: 10,
    revealPeriodEpochs: 1,
    uid: 5,
    lastUpdate: 0,
    ...overrides,
  };
}

function request(overrides: Partial<WeightsRequest> = {}): WeightsRequest {
  return {
    wallet: 'validator',
    hotkey: 'default',
    netuid: 2,
    mechid: undefined,
    uids: [1, 4],
    weights: [65535, 300],
    weightsFormat: 'u16',
    versionKey: 10002000n,
    waitForInclusion: true,
    waitForFinalization: false,
    queueUntilAllowed: false,
    ...overrides,
  };
}

let chain: StandInChain;
let store: PendingCommitStore;

function dependencies(state: WeightsSubnetState): WeightsDependencies {
  return {
    signers: { hotkey: () => hotkey } as unknown as SignerSource,
    connection: chain.connection,
    submitter: chain.submitter,
    txTimeoutMs: 5_000,
    commits: store,
    readState: async () => state,
    // Block 100 with tempo 10 on netuid 2 aims at block 110, 120 s ahead: round 1000.
    nowMs: () => (QUICKNET_GENESIS + 3000 - 120 + 1) * 1000,
  };
}

/** blake2b-256 of SCALE (AccountId, u16 index, Vec<u16> ×3, u64), encoded by hand. */
function expectedCommitHash(salt: number[], index = 2): string {
  const vec = (items: number[]) =>
    u8aConcat(
      Uint8Array.of(items.length << 2),
      ...items.map((item) => Uint8Array.of(item & 0xff, item >> 8)),
    );
  const key = new Uint8Array(8);
  new DataView(key.buffer).setBigUint64(0, 10002000n, true);
  const preimage = u8aConcat(
    hotkey.publicKey,
    Uint8Array.of(index & 0xff, index >> 8),
    vec([1, 4]),
    vec([65535, 300]),
    vec(salt),
    key,
  );
  return u8aToHex(blake2b(preimage, { dkLen: 32 }));
}

beforeAll(async () => {
  await cryptoWaitReady();
});

afterEach(() => {
  store?.close();
});

function setUp(): void {
  chain = new StandInChain();
  store = PendingCommitStore.open(':memory:');
}

describe('set_weights paths with spec 343 calls', () => {
  it('sends a timelocked commit that opens to the weights', async () => {
    setUp();
    const result = await setWeights(dependencies(subnet()), request());
    expect(result.path).toBe('timelocked_commit');
    expect(result.call).toBe('commit_timelocked_weights');
    expect(result.revealRound).toBe(1000);

    const sent = chain.lastCall();
    expect(sent.method).toBe('commitTimelockedWeights');
    expect(sent.args.reveal_round).toBe(1000);
    expect(sent.args.commit_reveal_version).toBe(4);
    const pulse = QUICKNET_PULSES.find((item) => item.round === 1000)!;
    const plaintext = decrypt(
      hexToU8a(sent.args.commit as string),
      hexToU8a(`0x${pulse.signature}`),
    );
    expect(u8aToHex(plaintext.subarray(1, 33))).toBe(u8aToHex(hotkey.publicKey));
    expect(u8aToHex(plaintext.subarray(33))).toBe(
      // uids [1, 4], values [65535, 300], version key 10002000 (0x989e50) as SCALE.
      '0x080100040008ffff2c01509e980000000000',
    );
    expect(store.list()).toEqual([]);
  });

  it('carries the chain version and the mechanism', async () => {
    setUp();
    const result = await setWeights(
      dependencies(subnet({ commitRevealVersion: 5 })),
      request({ mechid: 1 }),
    );
    expect(result.call).toBe('commit_timelocked_mechanism_weights');
    expect(chain.lastCall().args).toMatchObject({ netuid: 2, mecid: 1, commit_reveal_version: 5 });
  });

  it('sends set_weights when commit-reveal is off', async () => {
    setUp();
    const result = await setWeights(
      dependencies(subnet({ commitRevealEnabled: false })),
      request({ mechid: 2 }),
    );
    expect(result.path).toBe('direct');
    expect(chain.lastCall()).toEqual({
      method: 'setMechanismWeights',
      args: { netuid: 2, mecid: 2, dests: [1, 4], weights: [65535, 300], version_key: 10002000 },
    });
  });

  it('sends nothing within the rate limit', async () => {
    setUp();
    const state = subnet({ weightsSetRateLimit: 100, lastUpdate: 50 });
    const error = await setWeights(dependencies(state), request()).catch((caught) => caught);
    expect(error).toBeInstanceOf(WeightsRateLimitedError);
    expect((error as WeightsRateLimitedError).blocksLeft).toBe(49);
    expect(chain.calls).toEqual([]);
  });

  it('commits a hash below version 4 and stores it first', async () => {
    setUp();
    let storedDuringSubmit: string | undefined;
    chain.onSubmit = () => {
      storedDuringSubmit = store.list()[0]?.state;
    };
    const result = await setWeights(dependencies(subnet({ commitRevealVersion: 3 })), request());
    expect(result.path).toBe('commit');
    expect(result.call).toBe('commit_weights');
    expect(storedDuringSubmit).toBe('committing');

    const commit = result.commit!;
    expect(commit.salt).toHaveLength(8);
    expect(commit.commitHash).toBe(expectedCommitHash(commit.salt));
    expect(chain.lastCall()).toEqual({
      method: 'commitWeights',
      args: { netuid: 2, commit_hash: commit.commitHash },
    });
    // Epoch (100 + 3) div 11 = 9, so the reveal epoch 10 runs from 107 to 117.
    expect(commit).toMatchObject({
      state: 'committed',
      commitBlock: 100,
      firstRevealBlock: 107,
      lastRevealBlock: 117,
      commitTxHash: chain.outcome.txHash,
    });
  });
});

describe('hash commit and reveal with spec 343 calls', () => {
  it('uses the given salt and the mechanism index', async () => {
    setUp();
    const salt = [5, 6, 7];
    const result = await commitWeights(dependencies(subnet()), request({ mechid: 1, salt }));
    expect(result.call).toBe('commit_mechanism_weights');
    expect(result.commit.commitHash).toBe(expectedCommitHash(salt, 4096 + 2));
    expect(chain.lastCall().args).toEqual({
      netuid: 2,
      mecid: 1,
      commit_hash: result.commit.commitHash,
    });
  });

  it('marks a commit failed when the chain rejects it', async () => {
    setUp();
    chain.outcome = {
      ...chain.outcome,
      dispatchError: { pallet: 'SubtensorModule', name: 'CommitRevealDisabled', docs: '' },
    } as TxOutcome;
    const result = await commitWeights(dependencies(subnet()), request());
    expect(result.outcome.dispatchError?.name).toBe('CommitRevealDisabled');
    expect(result.commit).toMatchObject({
      state: 'failed',
      error: 'SubtensorModule.CommitRevealDisabled',
      commitBlock: null,
    });
  });

  it('marks a commit failed when sending fails', async () => {
    setUp();
    chain.failure = new ChainUnavailableError('chain node is not reachable');
    await expect(commitWeights(dependencies(subnet()), request())).rejects.toThrow(
      'chain node is not reachable',
    );
    expect(store.list()[0]).toMatchObject({
      state: 'failed',
      error: 'chain node is not reachable',
    });
  });

  it('reveals the stored weights and salt in the window', async () => {
    setUp();
    const deps = dependencies(subnet());
    const { commit } = await commitWeights(deps, request());

    chain.block = 105;
    const early = await revealWeightsNow(deps, {
      wallet: 'validator',
      hotkey: 'default',
      netuid: 2,
      commitId: commit.id,
      waitForFinalization: false,
    }).catch((caught) => caught);
    expect(early).toBeInstanceOf(ApiError);
    expect((early as ApiError).code).toBe('COMMIT_NOT_REVEALABLE');
    expect(chain.calls).toHaveLength(1);

    chain.block = 106;
    chain.outcome = { ...chain.outcome, txHash: '0x' + 'ef'.repeat(32), blockNumber: 107 };
    const result = await revealWeightsNow(deps, {
      wallet: 'validator',
      hotkey: 'default',
      netuid: 2,
      commitHash: commit.commitHash,
      waitForFinalization: false,
    });
    expect(result.call).toBe('reveal_weights');
    expect(chain.lastCall()).toEqual({
      method: 'revealWeights',
      args: {
        netuid: 2,
        uids: [1, 4],
        values: [65535, 300],
        salt: commit.salt,
        version_key: 10002000,
      },
    });
    expect(result.commit).toMatchObject({
      state: 'revealed',
      revealTxHash: '0x' + 'ef'.repeat(32),
      revealBlock: 107,
    });

    const again = await revealWeightsNow(deps, {
      wallet: 'validator',
      hotkey: 'default',
      netuid: 2,
      commitId: commit.id,
      waitForFinalization: false,
    }).catch((caught) => caught);
    expect((again as ApiError).code).toBe('COMMIT_NOT_REVEALABLE');
  });

  it('hides another netuid from a reveal', async () => {
    setUp();
    const deps = dependencies(subnet());
    const { commit } = await commitWeights(deps, request());
    const error = await revealWeightsNow(deps, {
      wallet: 'validator',
      hotkey: 'default',
      netuid: 3,
      commitId: commit.id,
      waitForFinalization: false,
    }).catch((caught) => caught);
    expect((error as ApiError).code).toBe('COMMIT_NOT_FOUND');
  });
});
