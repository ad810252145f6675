import path from 'node:path';
import { ConfigError, formatHelp, rejectPositionals, resolveOptions } from '../config/options.js';
import { PROJECT_ROOT, expandHome } from '../config/paths.js';
import { createLogger } from '../log/logger.js';
import { resolveChainSpec } from './chain-spec.js';
import { stopChopsticksWorker } from './chopsticks.js';
import { startDevnet } from './devnet.js';
import { DEVNET_OPTIONS } from './options.js';
import { formatDevnetSummary } from './summary.js';

/** Line printed when the chain is bootstrapped; scripts and tests wait for it. */
export const READY_LINE = 'devnet ready';

async function main(): Promise<void> {
  const options = resolveOptions(DEVNET_OPTIONS, process.argv.slice(2));
  rejectPositionals(options);
  if (options.help) {
    console.log(formatHelp('Usage: start_devnet.sh [options]', DEVNET_OPTIONS));
    return;
  }
  const values = options.values;
  const logger = createLogger({
    name: 'devnet',
    level: values['logging.debug'] ? 'debug' : undefined,
  });
  if (Number(values['block-time-ms']) < 0) {
    throw new ConfigError(
      `--block-time-ms ${values['block-time-ms']} is negative; use 0 to turn timed blocks off`,
    );
  }
  const walletPath = path.resolve(expandHome(String(values['wallet.path'])));
  const chainSpec = resolveChainSpec(values['chain-spec'] as string | undefined, PROJECT_ROOT);

  const devnet = await startDevnet({
    chainSpec,
    host: String(values.host),
    port: Number(values.port),
    walletPath,
    walletPassword: process.env.WALLET_PASSWORD || undefined,
    blockTimeMs: Number(values['block-time-ms']),
    logger,
  });
  console.log(formatDevnetSummary(devnet, walletPath));
  console.log(`${READY_LINE}: ${devnet.endpoint} netuid ${devnet.netuid}`);

  const stop = async (signal: string) => {
    logger.info({ signal }, 'stopping devnet');
    await devnet.close();
    await stopChopsticksWorker();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGHUP', () => void stop('SIGHUP'));
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  const prefix = error instanceof ConfigError ? 'invalid configuration' : 'devnet failed';
  console.error(`${prefix}: ${message}`);
  process.exit(1);
});
