import type { FastifyInstance } from 'fastify';
import { ApiError } from '../errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    countedInFlight: boolean;
  }
}

/**
 * Caps the wallet operations handled at once. Beyond `maxInFlight` the
 * service returns 503 OVERLOADED at once instead of queueing without bound,
 * so health checks and the requests already admitted stay fast.
 */
export function registerLoadShedding(app: FastifyInstance, maxInFlight: number): void {
  let inFlight = 0;
  app.decorateRequest('countedInFlight', false);
  app.addHook('onRequest', async (request) => {
    if (!request.routeOptions.config.operation) {
      return;
    }
    if (inFlight >= maxInFlight) {
      throw new ApiError(
        'OVERLOADED',
        `${inFlight} wallet requests are in progress, the configured maximum; retry after a few seconds`,
      );
    }
    inFlight += 1;
    request.countedInFlight = true;
  });
  const release = async (request: { countedInFlight: boolean }) => {
    if (request.countedInFlight) {
      request.countedInFlight = false;
      inFlight -= 1;
    }
  };
  app.addHook('onResponse', release);
  app.addHook('onRequestAbort', release);
}
