import { randomInt } from 'node:crypto';
import { errorMessage } from '../../chain/connection.js';
import { ManageServiceError, ServiceUnreachableError } from '../../client/errors.js';
import type { NodeSigner } from '../../client/signer.js';
import type { Logger } from '../../log/logger.js';
import { DUMMY_SYNAPSE, type DummyFields } from '../../protocol/index.js';
import type { Metagraph, NeuronInfo } from '../metagraph.js';
import type { MetagraphWatcher } from '../metagraph-watcher.js';
import { scoresToChainWeights } from './chain-weights.js';
import type { Dendrite, QueryTarget } from './dendrite.js';
import { dummyReward } from './rewards.js';
import type { ScoreState } from './score-state.js';

export interface ValidatorSettings {
  netuid: number;
  hotkey: string;
  timeoutSeconds: number;
  /** Blocks between weight updates; 0 means the subnet's tempo + 1. */
  epochLength: number;
  /** Version key sent with weights; undefined sends the subnet's `WeightsVersionKey`. */
  versionKey: bigint | undefined;
}

export interface ValidatorParts {
  watcher: MetagraphWatcher;
  signer: NodeSigner;
  dendrite: Dendrite;
  state: ScoreState;
  logger: Logger;
}

/** Decision to send weights this step, with the reason when not. */
export type WeightsDecision = { send: true } | { send: false; reason: string };

/**
 * Decides whether to set weights now, as the Python template does: once the
 * epoch has passed since this validator's last update, and never inside the
 * subnet's weights rate limit (the chain would reject it).
 */
export function weightsDecision(
  self: NeuronInfo | undefined,
  metagraph: Metagraph,
  epochLength: number,
): WeightsDecision {
  if (!self) {
    return { send: false, reason: 'this hotkey is not registered on the subnet' };
  }
  if (self.lastUpdate === 0) {
    return { send: true };
  }
  const since = metagraph.block - self.lastUpdate;
  const epoch = epochLength > 0 ? epochLength : metagraph.hyperparameters.tempo + 1;
  if (since <= metagraph.hyperparameters.weightsRateLimit) {
    return {
      send: false,
      reason: `rate limit: ${since} of ${metagraph.hyperparameters.weightsRateLimit} blocks since the last update`,
    };
  }
  if (since <= epoch) {
    return { send: false, reason: `epoch: ${since} of ${epoch} blocks since the last update` };
  }
  return { send: true };
}

function queryTargets(metagraph: Metagraph, hotkey: string): QueryTarget[] {
  return metagraph.neurons
    .filter((neuron) => neuron.axon !== undefined && neuron.hotkey !== hotkey)
    .map((neuron) => ({
      uid: neuron.uid,
      hotkey: neuron.hotkey,
      ip: neuron.axon!.ip,
      port: neuron.axon!.port,
    }));
}

/** One validator: query miners, score them, set weights through its signer. */
export class Validator {
  readonly #settings: ValidatorSettings;
  readonly #parts: ValidatorParts;
  readonly #logger: Logger;

  constructor(settings: ValidatorSettings, parts: ValidatorParts) {
    this.#settings = settings;
    this.#parts = parts;
    this.#logger = parts.logger.child({ component: 'validator' });
  }

  /** Runs one step: sync, query, score, persist, and set weights when due. */
  async step(): Promise<void> {
    const metagraph = await this.#parts.watcher.sync();
    const targets = queryTargets(metagraph, this.#settings.hotkey);
    const inputs = new Map(targets.map((target) => [target.uid, randomInt(1, 1_000_000)]));
    const results = await this.#parts.dendrite.query<DummyFields>(
      DUMMY_SYNAPSE,
      targets,
      (target) => ({ dummy_input: inputs.get(target.uid)!, dummy_output: null }),
      this.#settings.timeoutSeconds,
    );
    const rewards = new Map(
      results.map((result) => [result.uid, dummyReward(inputs.get(result.uid)!, result)]),
    );
    const hotkeys: string[] = [];
    for (const neuron of metagraph.neurons) {
      hotkeys[neuron.uid] = neuron.hotkey;
    }
    this.#parts.state.update(hotkeys, rewards);
    this.#parts.state.save();
    this.#logger.info(
      {
        step: this.#parts.state.snapshot.step,
        block: metagraph.block,
        queried: targets.length,
        answered: results.filter((result) => result.fields !== undefined).length,
        failures: results
          .filter((result) => result.error)
          .map((result) => ({ uid: result.uid, status: result.status, error: result.error })),
      },
      'step done',
    );
    await this.#maybeSetWeights(metagraph);
  }

  async #maybeSetWeights(metagraph: Metagraph): Promise<void> {
    const self = this.#parts.watcher.neuron(this.#settings.hotkey);
    const decision = weightsDecision(self, metagraph, this.#settings.epochLength);
    if (!decision.send) {
      this.#logger.debug({ reason: decision.reason }, 'not setting weights yet');
      return;
    }
    const weights = scoresToChainWeights(
      this.#parts.state.snapshot.scores,
      metagraph.hyperparameters,
    );
    try {
      const result = await this.#parts.signer.setWeights({
        netuid: this.#settings.netuid,
        uids: weights.uids,
        weights: weights.weights,
        versionKey: this.#settings.versionKey ?? metagraph.hyperparameters.weightsVersionKey,
        waitForInclusion: true,
      });
      this.#parts.state.recordWeightsSet(result.blockNumber ?? metagraph.block);
      this.#parts.state.save();
      this.#logger.info(
        {
          txHash: result.txHash,
          block: result.blockNumber,
          mode: result.mode,
          uids: weights.uids,
          weights: weights.weights,
        },
        'weights set',
      );
    } catch (error) {
      this.#logWeightsFailure(error);
    }
  }

  #logWeightsFailure(error: unknown): void {
    if (error instanceof ManageServiceError) {
      this.#logger.error(
        {
          code: error.code,
          chainError: error.chainError,
          txHash: error.txHash,
          requestId: error.requestId,
          message: error.message,
        },
        'setting weights failed',
      );
    } else if (error instanceof ServiceUnreachableError) {
      this.#logger.warn(
        { err: error.message },
        'manage service unreachable; will try to set weights again next step',
      );
    } else {
      this.#logger.error({ err: errorMessage(error) }, 'setting weights failed');
    }
  }
}
