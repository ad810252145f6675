import type { FastifyInstance } from 'fastify';
import type { Authenticator } from '../auth/identity.js';
import { ApiError } from '../errors.js';

/**
 * Requires a valid bearer token on every route except those marked
 * `authenticate: false`. Runs before the body is parsed, so an anonymous
 * client cannot make the service read a large body.
 */
export function registerAuthentication(app: FastifyInstance, authenticator: Authenticator): void {
  app.decorateRequest('identity', undefined);
  app.addHook('onRequest', async (request) => {
    if (request.routeOptions.config.authenticate === false || !request.routeOptions.url) {
      return;
    }
    const header = request.headers.authorization;
    if (!header) {
      throw new ApiError(
        'UNAUTHORIZED',
        'missing Authorization header; send Authorization: Bearer <MANAGE_SERVICE_TOKEN>',
      );
    }
    const identity = authenticator.authenticate(header);
    if (!identity) {
      throw new ApiError(
        'UNAUTHORIZED',
        'invalid bearer token; check MANAGE_SERVICE_TOKEN on the client and the service',
      );
    }
    request.identity = identity;
  });
}
