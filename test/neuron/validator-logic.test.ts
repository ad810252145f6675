import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Metagraph, NeuronInfo } from '../../src/neuron/metagraph.js';
import { scoresToChainWeights } from '../../src/neuron/validator/chain-weights.js';
import { dummyReward } from '../../src/neuron/validator/rewards.js';
import { ScoreState, StateFileError } from '../../src/neuron/validator/score-state.js';
import { weightsDecision } from '../../src/neuron/validator/validator.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const temp = makeTempDir('validator-logic');
afterAll(() => temp.remove());

const HYPERPARAMETERS = {
  tempo: 10,
  weightsRateLimit: 3,
  minAllowedWeights: 1,
  maxWeightsLimit: 65535,
  weightsVersionKey: 1n,
  validatorExcludeQuantile: 0,
};

function metagraph(block: number): Metagraph {
  return { netuid: 2, block, neurons: [], hyperparameters: HYPERPARAMETERS };
}

function self(lastUpdate: number): NeuronInfo {
  return {
    uid: 0,
    hotkey: '5Validator',
    coldkey: undefined,
    stake: 0n,
    validatorPermit: true,
    active: true,
    lastUpdate,
    axon: undefined,
  };
}

describe('ScoreState', () => {
  it('folds rewards into a moving average', () => {
    const state = ScoreState.open(path.join(temp.dir, 'ema.json'), 2, 0.1);
    state.update(
      ['a', 'b'],
      new Map([
        [0, 1],
        [1, 0],
      ]),
    );
    // 0.1 * 1 + 0.9 * 0 = 0.1; then 0.1 * 1 + 0.9 * 0.1 = 0.19
    state.update(['a', 'b'], new Map([[0, 1]]));
    expect(state.snapshot.scores[0]).toBeCloseTo(0.19, 12);
    expect(state.snapshot.scores[1]).toBe(0);
    expect(state.snapshot.step).toBe(2);
  });

  it('resets a uid whose hotkey changed', () => {
    const state = ScoreState.open(path.join(temp.dir, 'reset.json'), 2, 0.5);
    state.update(
      ['a', 'b'],
      new Map([
        [0, 1],
        [1, 1],
      ]),
    );
    state.update(['a', 'c'], new Map());
    expect(state.snapshot.scores).toEqual([0.5, 0]);
  });

  it('continues from the saved file after a restart', () => {
    const file = path.join(temp.dir, 'restart.json');
    const first = ScoreState.open(file, 2, 0.5);
    first.update(['a'], new Map([[0, 1]]));
    first.recordWeightsSet(42);
    first.save();
    const second = ScoreState.open(file, 2, 0.5);
    expect(second.snapshot.scores).toEqual([0.5]);
    expect(second.snapshot.lastWeightsBlock).toBe(42);
    expect(second.snapshot.step).toBe(1);
  });

  it('rejects a file of another netuid', () => {
    const file = path.join(temp.dir, 'other.json');
    const state = ScoreState.open(file, 3, 0.5);
    state.save();
    expect(() => ScoreState.open(file, 2, 0.5)).toThrow(StateFileError);
  });

  it('rejects a corrupt file with the fix', () => {
    const file = path.join(temp.dir, 'corrupt.json');
    writeFileSync(file, '{"scores": [1, ');
    expect(() => ScoreState.open(file, 2, 0.5)).toThrow(/delete it to start fresh/);
  });

  it('rejects alpha outside (0, 1]', () => {
    expect(() => ScoreState.open(path.join(temp.dir, 'alpha.json'), 2, 0)).toThrow(RangeError);
    expect(() => ScoreState.open(path.join(temp.dir, 'alpha.json'), 2, 1.5)).toThrow(RangeError);
  });
});

describe('weightsDecision', () => {
  it('sends the first weights at once', () => {
    expect(weightsDecision(self(0), metagraph(5), 0)).toEqual({ send: true });
  });

  it('waits inside the chain rate limit', () => {
    // 3 blocks since block 100 is not more than the limit of 3.
    const decision = weightsDecision(self(100), metagraph(103), 1);
    expect(decision.send).toBe(false);
  });

  it('waits for the epoch of tempo + 1 blocks', () => {
    expect(weightsDecision(self(100), metagraph(111), 0).send).toBe(false);
    expect(weightsDecision(self(100), metagraph(112), 0)).toEqual({ send: true });
  });

  it('uses an explicit epoch length', () => {
    expect(weightsDecision(self(100), metagraph(105), 4)).toEqual({ send: true });
  });

  it('does not send for an unregistered hotkey', () => {
    expect(weightsDecision(undefined, metagraph(100), 0).send).toBe(false);
  });
});

describe('scoresToChainWeights', () => {
  it('scales the largest score to 65535', () => {
    // process_weights keeps [0.2, 0.4] (both positive, min allowed 1), normalises to
    // [1/3, 2/3] in float32; the max 2/3 becomes 65535 and 1/3 becomes 32767.5 -> 32768
    // (half to even), so the result is [32768, 65535].
    expect(scoresToChainWeights([0.2, 0.4], HYPERPARAMETERS)).toEqual({
      uids: [0, 1],
      weights: [32768, 65535],
    });
  });

  it('sends uniform weights when every score is zero', () => {
    expect(scoresToChainWeights([0, 0, 0], HYPERPARAMETERS)).toEqual({
      uids: [0, 1, 2],
      weights: [65535, 65535, 65535],
    });
  });
});

describe('dummyReward', () => {
  const result = (output: number | null) => ({
    uid: 1,
    status: 200,
    fields: { dummy_input: 21, dummy_output: output },
    latencyMs: 1,
  });

  it('rewards the doubled input', () => {
    expect(dummyReward(21, result(42))).toBe(1);
  });

  it('gives nothing for a wrong or missing answer', () => {
    expect(dummyReward(21, result(41))).toBe(0);
    expect(
      dummyReward(21, { uid: 1, status: 0, fields: undefined, latencyMs: 1, error: 'timeout' }),
    ).toBe(0);
  });
});
