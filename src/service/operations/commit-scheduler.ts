import path from 'node:path';
import { RevealScheduler } from '../../commits/index.js';
import type { Logger } from '../../log/logger.js';
import { createRevealSender } from './commit-reveal.js';
import type { WeightsDependencies } from './set-weights.js';

/** Returns the pending-commit database path: `commits.sqlite` beside the audit database. */
export function commitsDbPath(auditDb: string): string {
  return auditDb === ':memory:' ? ':memory:' : path.join(path.dirname(auditDb), 'commits.sqlite');
}

/** Builds the scheduler that reveals stored hash commits through the service's submitter. */
export function createRevealScheduler(
  deps: WeightsDependencies,
  logger: Logger,
  intervalMs?: number,
): RevealScheduler {
  return new RevealScheduler({
    store: deps.commits,
    sender: createRevealSender(deps),
    currentBlock: async () => {
      const header = await deps.connection.requireApi().rpc.chain.getHeader();
      return header.number.toNumber();
    },
    logger,
    intervalMs,
  });
}
