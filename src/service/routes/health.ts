import type { FastifyInstance } from 'fastify';
import type { ChainConnection } from '../../chain/connection.js';

export interface ReadinessSource {
  /** Number of hotkeys that can sign. */
  signingKeys(): number;
}

const HEALTH_SCHEMA = {
  summary: 'Liveness: the process is up',
  tags: ['health'],
  response: { 200: { type: 'object', properties: { status: { type: 'string' } } } },
};

const READY_SCHEMA = {
  summary: 'Readiness: keys loaded and chain connected (503 otherwise, naming what is missing)',
  tags: ['health'],
  response: {
    '2xx': { $ref: 'Readiness#' },
    503: { $ref: 'Readiness#' },
  },
};

export function registerHealthRoutes(
  app: FastifyInstance,
  connection: ChainConnection,
  keys: ReadinessSource,
): void {
  app.addSchema({
    $id: 'Readiness',
    type: 'object',
    properties: {
      ready: { type: 'boolean' },
      missing: { type: 'array', items: { type: 'string' } },
      chain: {
        type: 'object',
        properties: {
          endpoint: { type: 'string' },
          state: { type: 'string' },
          best_block: { type: 'integer' },
        },
      },
      keys: { type: 'object', properties: { signing_hotkeys: { type: 'integer' } } },
    },
  });

  app.get('/health', { schema: HEALTH_SCHEMA, config: { authenticate: false } }, async () => ({
    status: 'ok',
  }));

  app.get(
    '/ready',
    { schema: READY_SCHEMA, config: { authenticate: false } },
    async (_request, reply) => {
      const signing = keys.signingKeys();
      const missing: string[] = [];
      if (signing === 0) {
        missing.push('keys');
      }
      if (connection.state !== 'ready') {
        missing.push('chain');
      }
      const body = {
        ready: missing.length === 0,
        missing,
        chain: {
          endpoint: connection.endpoint,
          state: connection.state,
          best_block: connection.bestBlock,
        },
        keys: { signing_hotkeys: signing },
      };
      return reply.code(missing.length === 0 ? 200 : 503).send(body);
    },
  );
}
