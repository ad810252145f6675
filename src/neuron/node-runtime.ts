import { setTimeout as delay } from 'node:timers/promises';
import { ChainConnection, errorMessage } from '../chain/connection.js';
import { resolveChainEndpoint } from '../chain/endpoints.js';
import type { FallbackSigner } from '../client/fallback-signer.js';
import { createNodeSigner } from '../client/node-signer.js';
import { clientConfigFromOptions, type ClientConfig } from '../client/options.js';
import {
  ConfigError,
  formatHelp,
  rejectPositionals,
  resolveOptions,
  type OptionSpec,
  type OptionValues,
} from '../config/options.js';
import { createLogger, type Logger } from '../log/logger.js';
import { MetagraphWatcher } from './metagraph-watcher.js';
import { validateNodeValues } from './options.js';
import type { ApiPromise } from '@polkadot/api';

/** Parts that both node programs start before their own work. */
export interface NodeRuntime {
  values: OptionValues;
  client: ClientConfig;
  logger: Logger;
  netuid: number;
  connection: ChainConnection;
  signer: FallbackSigner;
  /** SS58 address of the node's hotkey, as the signer reports it. */
  hotkey: string;
  watcher: MetagraphWatcher;
  close(): Promise<void>;
}

/** Seconds between attempts to learn the hotkey while the service is unreachable. */
const HOTKEY_RETRY_MS = 5_000;

/** Asks the signer for the hotkey address until it returns one; an auth failure ends the node. */
async function waitForHotkey(signer: FallbackSigner, logger: Logger): Promise<string> {
  for (;;) {
    try {
      return await signer.hotkeyAddress();
    } catch (error) {
      const status = (error as { status?: number }).status;
      if (status === 401 || status === 403 || status === 404) {
        throw error;
      }
      logger.warn(
        { err: errorMessage(error), retryInMs: HOTKEY_RETRY_MS },
        'cannot learn the hotkey address yet; retrying',
      );
      await delay(HOTKEY_RETRY_MS);
    }
  }
}

/**
 * Parses the node's options and starts what miners and validators share:
 * the chain connection, the signer (manage service, with the local wallet as
 * fallback when configured) and the metagraph watcher. Returns undefined
 * after printing help for `--help`.
 */
export async function startNodeRuntime(
  name: string,
  usage: string,
  specs: readonly OptionSpec[],
  argv: readonly string[],
): Promise<NodeRuntime | undefined> {
  const options = resolveOptions(specs, argv);
  if (options.help) {
    console.log(formatHelp(usage, specs));
    return undefined;
  }
  const values = options.values;
  validateNodeValues(values);
  rejectPositionals(options);

  const logger = createLogger({ name, level: values['logging.debug'] ? 'debug' : undefined });
  for (const notice of options.deprecations) {
    logger.warn(notice);
  }
  const client = clientConfigFromOptions(options);
  if (client.tokenIsDefault) {
    logger.warn(
      'MANAGE_SERVICE_TOKEN is not set; sending the default token, which only a local test service accepts',
    );
  }

  const netuid = Number(values.netuid);
  const connection = new ChainConnection({ endpoint: resolveChainEndpoint(values), logger });
  connection.start();
  const signer = await createNodeSigner(client, { logger, chain: { connection } });
  const hotkey = await waitForHotkey(signer, logger);
  logger.info(
    {
      service: client.serviceUrl,
      wallet: client.wallet,
      hotkeyName: client.hotkey,
      hotkey,
      signing: signer.mode,
      localFallback: signer.hasLocalFallback,
      chain: connection.endpoint,
      netuid,
    },
    startLine(name, signer),
  );
  await requireSubnet(await connection.waitUntilReady(120_000), netuid, connection.endpoint);

  const watcher = new MetagraphWatcher(
    connection,
    netuid,
    Number(values['neuron.sync_interval_s']) * 1000,
    logger,
  );
  return {
    values,
    client,
    logger,
    netuid,
    connection,
    signer,
    hotkey,
    watcher,
    close: async () => {
      watcher.stop();
      signer.close();
      await connection.close();
    },
  };
}

/** Stops the node when its subnet does not exist on the connected chain. */
async function requireSubnet(api: ApiPromise, netuid: number, endpoint: string): Promise<void> {
  const added = api.query.subtensorModule?.networksAdded;
  if (added && !(await added(netuid)).toJSON()) {
    throw new ConfigError(
      `netuid ${netuid} does not exist on ${endpoint}; check --netuid and the chain endpoint`,
    );
  }
}

/** Says which signer the node starts with and whether it can fall back. */
function startLine(name: string, signer: FallbackSigner): string {
  if (signer.mode === 'local') {
    return `${name} signing with the local wallet (manage service unreachable); switching back when it returns`;
  }
  const fallback = signer.hasLocalFallback ? 'local wallet as fallback' : 'no local fallback';
  return `${name} signing through the manage service, ${fallback}`;
}

/** Runs `stop` once on SIGINT or SIGTERM, then exits. */
export function stopOnSignals(logger: Logger, stop: () => Promise<void>): void {
  let stopping = false;
  const onSignal = (signal: string) => {
    if (stopping) {
      return;
    }
    stopping = true;
    logger.info({ signal }, 'stopping');
    stop()
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        logger.error({ err: errorMessage(error) }, 'clean stop failed');
        process.exit(1);
      });
  };
  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  // Nodes have nothing to reload; a hangup stops them cleanly instead of killing them.
  process.on('SIGHUP', () => onSignal('SIGHUP'));
}
