import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../src/log/logger.js';

/** A logger whose output stays in memory, so tests can search it for secrets. */
export function captureLogger(
  name: string,
  level = 'debug',
): { logger: Logger; text: () => string } {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      chunks.push(chunk.toString());
      callback();
    },
  });
  const logger = createLogger({ name, level, destination });
  return { logger, text: () => chunks.join('') };
}
