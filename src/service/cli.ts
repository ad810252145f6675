import { ConfigError, formatHelp } from '../config/options.js';
import { createLogger } from '../log/logger.js';
import { loadServiceConfig } from './config.js';
import { limitHeapGrowth } from './heap-growth.js';
import { SERVICE_OPTIONS } from './options.js';
import { startService } from './server.js';

const USAGE = `Usage: start_manage.sh [options]

Credentials come from the token file of --auth.token_file (reloaded on SIGHUP)
and from MANAGE_SERVICE_TOKEN, never from a flag, so they stay out of process
listings.`;

async function main(): Promise<void> {
  const loaded = loadServiceConfig(process.argv.slice(2));
  if (loaded.help) {
    console.log(formatHelp(USAGE, SERVICE_OPTIONS));
    return;
  }
  const { config } = loaded;
  limitHeapGrowth(config.heapGrowingPercent);
  const logger = createLogger({ name: 'manage-service', level: config.logLevel });
  for (const notice of loaded.deprecations) {
    logger.warn(notice);
  }
  const service = await startService(config, logger);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) {
      return;
    }
    stopping = true;
    logger.info({ signal }, 'stopping manage service');
    await service.close();
    process.exit(0);
  };
  process.on('SIGHUP', () => {
    const result = service.authenticator.reload();
    if (result === undefined) {
      logger.warn('SIGHUP received but no token file is configured; nothing to reload');
    }
  });
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  const prefix = error instanceof ConfigError ? 'invalid configuration' : 'manage service failed';
  console.error(`${prefix}: ${message}`);
  process.exit(1);
});
