import { errorMessage, type ChainConnection } from '../chain/connection.js';
import type { Logger } from '../log/logger.js';
import { newBlocks } from './bootstrap.js';

/**
 * Builds one block every `intervalMs`, as a real chain would. Chopsticks
 * otherwise builds blocks only for transactions, so epochs and rate limits
 * that count blocks would never pass on an idle devnet.
 */
export function startBlockTimer(
  connection: ChainConnection,
  intervalMs: number,
  logger: Logger,
): () => void {
  let building = false;
  const timer = setInterval(() => {
    // A slow block must not queue a second one behind it.
    if (building) {
      return;
    }
    building = true;
    newBlocks(connection, 1)
      .catch((error: unknown) => logger.warn({ err: errorMessage(error) }, 'timed block failed'))
      .finally(() => {
        building = false;
      });
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
