import type { ApiPromise } from '@polkadot/api';
import type { ChainConnection } from '../chain/connection.js';
import type { TransactionSubmitter } from '../chain/submitter.js';
import type { KeySigner } from '../keystore/signer.js';
import type { Logger } from '../log/logger.js';
import type { SubnetSettings } from './subnet-settings.js';
import { sudo } from './sudo.js';

/** A neuron to register: public addresses only, since sudo registers on its behalf. */
export interface NeuronPlan {
  wallet: string;
  hotkey: string;
  coldkey: string;
  stakeRao: bigint;
}

export interface BootstrapContext {
  api: ApiPromise;
  submitter: TransactionSubmitter;
  sudoSigner: KeySigner;
  logger: Logger;
}

/**
 * Creates the subnet and sets its hyperparameters with signed sudo calls.
 * Each step checks chain state first, so running it again on a resumed
 * chain changes nothing.
 */
export async function createSubnet(
  context: BootstrapContext,
  subnet: SubnetSettings,
): Promise<void> {
  const { api, submitter, sudoSigner } = context;
  const { netuid } = subnet;
  const existing = (await api.query.subtensorModule!.networksAdded!(netuid)) as unknown as {
    isTrue: boolean;
  };
  if (!existing.isTrue) {
    await sudo(submitter, sudoSigner, 'sudoAddNetwork', (a) =>
      a.tx.subtensorModule!.sudoAddNetwork!(netuid, subnet.tempo, 0),
    );
  }
  const steps: [string, (a: ApiPromise) => ReturnType<typeof a.tx.sudo.sudo>][] = [
    ['sudoSetTxRateLimit', (a) => a.tx.subtensorModule!.sudoSetTxRateLimit!(0)],
    [
      'sudoSetWeightsSetRateLimit',
      (a) => a.tx.subtensorModule!.sudoSetWeightsSetRateLimit!(netuid, subnet.weightsRateLimit),
    ],
    [
      'sudoSetMinAllowedWeights',
      (a) => a.tx.subtensorModule!.sudoSetMinAllowedWeights!(netuid, subnet.minAllowedWeights),
    ],
    [
      'sudoSetMaxWeightLimit',
      (a) => a.tx.subtensorModule!.sudoSetMaxWeightLimit!(netuid, subnet.maxWeightLimit),
    ],
    [
      'sudoSetServingRateLimit',
      (a) => a.tx.subtensorModule!.sudoSetServingRateLimit!(netuid, subnet.servingRateLimit),
    ],
    [
      'sudoSetMaxRegistrationsPerBlock',
      (a) =>
        a.tx.subtensorModule!.sudoSetMaxRegistrationsPerBlock!(
          netuid,
          subnet.maxRegistrationsPerBlock,
        ),
    ],
    [
      'sudoSetTargetRegistrationsPerInterval',
      (a) =>
        a.tx.subtensorModule!.sudoSetTargetRegistrationsPerInterval!(
          netuid,
          subnet.maxRegistrationsPerBlock,
        ),
    ],
    [
      'sudoSetWeightsVersionKey',
      (a) => a.tx.subtensorModule!.sudoSetWeightsVersionKey!(netuid, subnet.weightsVersionKey),
    ],
  ];
  for (const [label, build] of steps) {
    await sudo(submitter, sudoSigner, label, build);
  }
  context.logger.info({ netuid, tempo: subnet.tempo }, 'subnet ready');
}

/** Registers each neuron with `sudo_register` unless its hotkey already has a uid. */
export async function registerNeurons(
  context: BootstrapContext,
  netuid: number,
  neurons: readonly NeuronPlan[],
): Promise<Map<string, number>> {
  const { api, submitter, sudoSigner } = context;
  const uids = new Map<string, number>();
  for (const neuron of neurons) {
    let uid = await readUid(api, netuid, neuron.hotkey);
    if (uid === undefined) {
      await sudo(submitter, sudoSigner, `sudoRegister ${neuron.wallet}`, (a) =>
        a.tx.subtensorModule!.sudoRegister!(
          netuid,
          neuron.hotkey,
          neuron.coldkey,
          neuron.stakeRao,
          0,
        ),
      );
      uid = await readUid(api, netuid, neuron.hotkey);
    }
    if (uid === undefined) {
      throw new Error(
        `hotkey ${neuron.hotkey} of wallet ${neuron.wallet} has no uid after registration`,
      );
    }
    uids.set(neuron.wallet, uid);
    context.logger.info({ wallet: neuron.wallet, hotkey: neuron.hotkey, uid }, 'neuron registered');
  }
  return uids;
}

export async function readUid(
  api: ApiPromise,
  netuid: number,
  hotkey: string,
): Promise<number | undefined> {
  const uid = await api.query.subtensorModule!.uids!(netuid, hotkey);
  const value = uid as unknown as { isSome: boolean; unwrap(): { toNumber(): number } };
  return value.isSome ? value.unwrap().toNumber() : undefined;
}

/**
 * Builds empty blocks until an epoch of the subnet has run, which is when
 * the chain hands out validator permits. Chopsticks builds blocks only on
 * request, so its `dev_newBlock` RPC moves time forward.
 */
export async function runEpoch(connection: ChainConnection, subnet: SubnetSettings): Promise<void> {
  await newBlocks(connection, subnet.tempo + 1);
}

export async function newBlocks(connection: ChainConnection, count: number): Promise<void> {
  await connection.send('dev_newBlock', [{ count }]);
}
