import type { FastifyInstance } from 'fastify';
import { ApiError, RETRY_AFTER_SECONDS, errorBody } from '../errors.js';
import { toApiError } from '../map-error.js';

/**
 * Renders every error as `{success: false, error: {type, code, message}}`.
 * Unknown errors become a 500 with the request id; their details go to the
 * log only, never to the client.
 */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler(async (error, request, reply) => {
    let apiError = toApiError(error);
    if (apiError === undefined) {
      request.log.error({ err: error }, 'unhandled error');
      apiError = new ApiError(
        'INTERNAL',
        `internal error; the service log has the details under request id ${request.id}`,
      );
    } else if (apiError.status >= 500) {
      request.log.warn({ code: apiError.code, message: apiError.message }, 'request failed');
    } else {
      request.log.info({ code: apiError.code, message: apiError.message }, 'request rejected');
    }
    if (request.audit) {
      request.audit.error = apiError;
    }
    if (apiError.status === 503) {
      reply.header('Retry-After', String(RETRY_AFTER_SECONDS));
    }
    return reply.code(apiError.status).send(errorBody(apiError, request.id));
  });

  app.setNotFoundHandler(async (request, reply) => {
    const error = new ApiError(
      'ROUTE_NOT_FOUND',
      `no route ${request.method} ${(request.url.split('?')[0] ?? '').slice(0, 100)}; see /docs for the API`,
    );
    return reply.code(error.status).send(errorBody(error, request.id));
  });
}
