import { u8aToHex } from '@polkadot/util';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { UnsupportedCallError } from '../../src/chain/calls.js';
import {
  commitHashCall,
  directWeightsCall,
  revealCall,
  timelockedCommitCall,
} from '../../src/service/operations/weights-calls.js';
import { signerFromUri } from '../helpers/signers.js';
import { signAndDecode, spec343, withoutCalls } from './spec343.js';

const uids = [0, 5, 7];
const weights = [65535, 100, 1];
const salt = [9, 8, 7, 6, 5, 4, 3, 2];
const versionKey = 10002000n;
const commitHash = '0x' + 'ab'.repeat(32);
const ciphertext = Uint8Array.from({ length: 40 }, (_, index) => index);
const target = (mechid: number | undefined) => ({ netuid: 7, mechid, specVersion: 343 });

describe('weights calls against spec 343 metadata', () => {
  beforeAll(async () => {
    await cryptoWaitReady();
  });

  const { registry, tx } = spec343();
  const signer = signerFromUri('//Bob');

  it.each([
    [
      'set_weights',
      undefined,
      () => directWeightsCall(tx, target(undefined), { uids, weights, versionKey }),
      { netuid: 7, dests: uids, weights, version_key: 10002000 },
    ],
    [
      'set_mechanism_weights',
      2,
      () => directWeightsCall(tx, target(2), { uids, weights, versionKey }),
      { netuid: 7, mecid: 2, dests: uids, weights, version_key: 10002000 },
    ],
    [
      'commit_weights',
      undefined,
      () => commitHashCall(tx, target(undefined), commitHash),
      { netuid: 7, commit_hash: commitHash },
    ],
    [
      'commit_mechanism_weights',
      1,
      () => commitHashCall(tx, target(1), commitHash),
      { netuid: 7, mecid: 1, commit_hash: commitHash },
    ],
    [
      'reveal_weights',
      undefined,
      () => revealCall(tx, target(undefined), { uids, weights, salt, versionKey }),
      { netuid: 7, uids, values: weights, salt, version_key: 10002000 },
    ],
    [
      'reveal_mechanism_weights',
      3,
      () => revealCall(tx, target(3), { uids, weights, salt, versionKey }),
      { netuid: 7, mecid: 3, uids, values: weights, salt, version_key: 10002000 },
    ],
    [
      'commit_timelocked_weights',
      undefined,
      () =>
        timelockedCommitCall(tx, target(undefined), {
          ciphertext,
          revealRound: 23_456_789,
          commitRevealVersion: 4,
        }),
      {
        netuid: 7,
        commit: u8aToHex(ciphertext),
        reveal_round: 23_456_789,
        commit_reveal_version: 4,
      },
    ],
    [
      'commit_timelocked_mechanism_weights',
      1,
      () =>
        timelockedCommitCall(tx, target(1), {
          ciphertext,
          revealRound: 23_456_789,
          commitRevealVersion: 4,
        }),
      {
        netuid: 7,
        mecid: 1,
        commit: u8aToHex(ciphertext),
        reveal_round: 23_456_789,
        commit_reveal_version: 4,
      },
    ],
  ] as const)('%s signs and decodes (mechid %s)', (name, _mechid, build, expectedArgs) => {
    const built = build();
    expect(built.name).toBe(name);

    const decoded = signAndDecode(registry, built.call, signer);
    expect(decoded.section).toBe('subtensorModule');
    expect(decoded.method.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)).toBe(name);
    expect(decoded.signer).toBe(signer.address);
    expect(decoded.args).toEqual(expectedArgs);
  });

  it('keeps a u64 version key above 2^53', () => {
    const big = 18_446_744_073_709_551_615n;
    const built = directWeightsCall(tx, target(0), { uids, weights, versionKey: big });
    const decoded = registry.createType('Call', built.call.toU8a());
    expect(decoded.args[4]!.toString()).toBe(big.toString());
  });
});

describe('call choice by runtime', () => {
  const { tx } = spec343();
  const plainOnly = withoutCalls(tx, [
    'setMechanismWeights',
    'commitMechanismWeights',
    'revealMechanismWeights',
    'commitTimelockedMechanismWeights',
  ]);
  const mechanismOnly = withoutCalls(tx, ['setWeights', 'commitWeights', 'revealWeights']);

  it('sends mechid 0 as the plain call without mechanism calls', () => {
    const built = directWeightsCall(plainOnly, target(0), { uids, weights, versionKey });
    expect(built.name).toBe('set_weights');
  });

  it('rejects mechid 1 without mechanism calls', () => {
    const build = () => commitHashCall(plainOnly, target(1), commitHash);
    expect(build).toThrow(UnsupportedCallError);
    expect(build).toThrow(/commitMechanismWeights.*mechid 1/);
  });

  it('falls back to mecid 0 without plain calls', () => {
    const built = revealCall(mechanismOnly, target(undefined), {
      uids,
      weights,
      salt,
      versionKey,
    });
    expect(built.name).toBe('reveal_mechanism_weights');
    expect(built.call.args[1]!.toString()).toBe('0');
  });

  it('names the missing call', () => {
    const none = withoutCalls(tx, ['setWeights', 'setMechanismWeights']);
    expect(() => directWeightsCall(none, target(undefined), { uids, weights, versionKey })).toThrow(
      'the chain runtime (spec 343) has no subtensorModule.setWeights call',
    );
  });
});
