import { ChainConnection } from '../chain/connection.js';
import { TransactionSubmitter } from '../chain/submitter.js';
import type { Logger } from '../log/logger.js';
import {
  createSubnet,
  newBlocks,
  registerNeurons,
  runEpoch,
  type NeuronPlan,
} from './bootstrap.js';
import { startChopsticks, type ChopsticksNode } from './chopsticks.js';
import { startBlockTimer } from './block-timer.js';
import { devSudoSigner } from './dev-sudo.js';
import { DEV_WALLET_NAMES, prepareDevWallets, type DevWallet } from './dev-wallets.js';
import {
  COLDKEY_BALANCE_RAO,
  DEFAULT_SUBNET,
  VALIDATOR_STAKE_RAO,
  type SubnetSettings,
} from './subnet-settings.js';

export interface DevnetOptions {
  chainSpec: string;
  host?: string;
  /** 0 picks a free port. */
  port: number;
  walletPath: string;
  /** Encrypts new dev coldkeys with `$NACL` when set. */
  walletPassword?: string;
  subnet?: SubnetSettings;
  walletNames?: readonly string[];
  /** Builds an empty block this often, in milliseconds; 0 builds blocks only for transactions. */
  blockTimeMs?: number;
  logger: Logger;
}

export interface DevnetNeuron extends DevWallet {
  uid: number;
  hotkeyName: string;
}

export interface Devnet {
  endpoint: string;
  port: number;
  netuid: number;
  subnet: SubnetSettings;
  sudoAddress: string;
  neurons: DevnetNeuron[];
  /** Connection used for bootstrap; tests reuse it to read storage. */
  connection: ChainConnection;
  submitter: TransactionSubmitter;
  newBlocks(count: number): Promise<void>;
  close(): Promise<void>;
}

function genesisStorage(sudoAddress: string, wallets: readonly DevWallet[]) {
  const funded = [sudoAddress, ...wallets.map((wallet) => wallet.coldkey)];
  const account = { providers: 1, data: { free: COLDKEY_BALANCE_RAO.toString() } };
  return {
    Sudo: { Key: sudoAddress },
    System: { Account: funded.map((address) => [[address], account]) },
  };
}

/**
 * Starts a local Subtensor chain and brings it to a usable state: funded dev
 * coldkeys, subnet `netuid` with test-friendly limits, and the dev wallets
 * registered, the validator staked and holding a permit.
 */
export async function startDevnet(options: DevnetOptions): Promise<Devnet> {
  const logger = options.logger.child({ component: 'devnet' });
  const subnet = options.subnet ?? DEFAULT_SUBNET;
  const sudoSigner = devSudoSigner();
  const wallets = await prepareDevWallets(
    options.walletPath,
    options.walletNames ?? DEV_WALLET_NAMES,
    options.walletPassword,
    logger,
  );

  const node = await startChopsticks({
    chainSpec: options.chainSpec,
    host: options.host ?? '127.0.0.1',
    port: options.port,
    storage: genesisStorage(sudoSigner.address, wallets),
    onRetry: (attempt) =>
      logger.warn({ attempt }, 'chopsticks failed to build block 1; restarting it'),
  });
  logger.info({ endpoint: node.endpoint }, 'chain node started');

  const connection = new ChainConnection({ endpoint: node.endpoint, logger });
  try {
    const devnet = await bootstrap(node, connection, wallets, subnet, sudoSigner.address, logger);
    if (!options.blockTimeMs) {
      return devnet;
    }
    const stopBlocks = startBlockTimer(connection, options.blockTimeMs, logger);
    return {
      ...devnet,
      close: async () => {
        stopBlocks();
        await devnet.close();
      },
    };
  } catch (error) {
    await connection.close();
    await node.close();
    throw error;
  }
}

async function bootstrap(
  node: ChopsticksNode,
  connection: ChainConnection,
  wallets: readonly DevWallet[],
  subnet: SubnetSettings,
  sudoAddress: string,
  logger: Logger,
): Promise<Devnet> {
  const api = await connection.waitUntilReady(30_000);
  const submitter = new TransactionSubmitter(connection, logger);
  const context = { api, submitter, sudoSigner: devSudoSigner(), logger };

  await createSubnet(context, subnet);
  const plans: NeuronPlan[] = wallets.map((wallet) => ({
    wallet: wallet.name,
    hotkey: wallet.hotkey,
    coldkey: wallet.coldkey,
    stakeRao: wallet.name === 'validator' ? VALIDATOR_STAKE_RAO : 0n,
  }));
  const uids = await registerNeurons(context, subnet.netuid, plans);
  await runEpoch(connection, subnet);

  const neurons = wallets.map((wallet) => ({
    ...wallet,
    hotkeyName: 'default',
    uid: uids.get(wallet.name)!,
  }));
  return {
    endpoint: node.endpoint,
    port: node.port,
    netuid: subnet.netuid,
    subnet,
    sudoAddress,
    neurons,
    connection,
    submitter,
    newBlocks: (count) => newBlocks(connection, count),
    close: async () => {
      await connection.close();
      await node.close();
    },
  };
}
