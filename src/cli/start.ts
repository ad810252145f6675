import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { ConfigError, formatHelp, resolveOptions, type OptionValues } from '../config/options.js';
import { PROJECT_ROOT, expandHome } from '../config/paths.js';
import { resolveChainSpec } from '../devnet/chain-spec.js';
import { stopChopsticksWorker } from '../devnet/chopsticks.js';
import { startDevnet, type Devnet } from '../devnet/devnet.js';
import { formatDevnetSummary } from '../devnet/summary.js';
import { createLogger, type Logger } from '../log/logger.js';
import type { ServiceConfig } from '../service/config.js';
import { startService, type RunningService } from '../service/server.js';
import { formatDemoResult, setDemoWeights } from './demo-weights.js';
import { START_OPTIONS } from './start-options.js';

const USAGE = `Usage: npm start -- [options]

Starts a local Subtensor chain with dev wallets, the manage service on those
wallets, sets the validator's weights through the service's HTTP API, prints
them as read back from chain, and keeps serving until Ctrl-C.`;

function serviceConfig(values: OptionValues, devnet: Devnet, token: string): ServiceConfig {
  return {
    host: '127.0.0.1',
    port: Number(values['manage.port']),
    walletPath: path.resolve(expandHome(String(values['wallet.path']))),
    passwordFile: process.env.MANAGE_WALLET_PASSWORD_FILE,
    chainEndpoint: devnet.endpoint,
    auditDb: path.resolve(expandHome(String(values['audit.db']))),
    txTimeoutMs: 60_000,
    eraPeriod: 64,
    logLevel: values['logging.debug'] ? 'debug' : 'warn',
    token: { value: token, isDefault: false },
  };
}

/** Uses MANAGE_SERVICE_TOKEN when set, otherwise a fresh random token for this run. */
function chooseToken(): { value: string; origin: string } {
  const fromEnv = process.env.MANAGE_SERVICE_TOKEN;
  if (fromEnv) {
    return { value: fromEnv, origin: 'MANAGE_SERVICE_TOKEN' };
  }
  return { value: randomBytes(24).toString('base64url'), origin: 'generated for this run' };
}

function handleSignals(logger: Logger, stop: () => Promise<void>): void {
  const onSignal = (signal: string) => {
    logger.info({ signal }, 'stopping');
    stop()
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        logger.error({ err: error }, 'clean stop failed');
        process.exit(1);
      });
  };
  process.once('SIGINT', () => onSignal('SIGINT'));
  process.once('SIGTERM', () => onSignal('SIGTERM'));
}

async function main(): Promise<void> {
  const options = resolveOptions(START_OPTIONS, process.argv.slice(2));
  if (options.help) {
    console.log(formatHelp(USAGE, START_OPTIONS));
    return;
  }
  const values = options.values;
  const logger = createLogger({ name: 'start', level: values['logging.debug'] ? 'debug' : 'warn' });
  const walletPath = path.resolve(expandHome(String(values['wallet.path'])));

  console.log('starting the local chain and bootstrapping subnet 2 ...');
  const devnet = await startDevnet({
    chainSpec: resolveChainSpec(values['chain-spec'] as string | undefined, PROJECT_ROOT),
    port: Number(values['devnet.port']),
    walletPath,
    walletPassword: process.env.WALLET_PASSWORD || undefined,
    logger,
  });
  console.log(formatDevnetSummary(devnet, walletPath));

  const token = chooseToken();
  let service: RunningService | undefined;
  const stop = async () => {
    await service?.close();
    await devnet.close();
    await stopChopsticksWorker();
  };
  handleSignals(logger, stop);
  try {
    service = await startService(serviceConfig(values, devnet, token.value), logger);
    console.log(`manage service: ${service.url} (audit log ${service.audit.file})`);
    await service.connection.waitUntilReady(30_000);
    console.log(formatDemoResult(await setDemoWeights(devnet, service, token.value)));
  } catch (error) {
    await stop();
    throw error;
  }
  console.log(`\nserving ${service.url} (API docs at ${service.url}/docs)`);
  console.log(`token (${token.origin}): ${token.value}`);
  console.log('press Ctrl-C to stop');
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  const prefix = error instanceof ConfigError ? 'invalid configuration' : 'start failed';
  console.error(`${prefix}: ${message}`);
  process.exit(1);
});
