import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Authenticator } from '../auth/identity.js';
import { verifiedClientCommonName } from '../auth/client-certificate.js';
import { ApiError } from '../errors.js';

/** The OpenAPI document and its UI are public, like /health. */
const DOCS_PREFIX = '/docs';

function isPublic(request: FastifyRequest): boolean {
  const route = request.routeOptions.url;
  if (route === undefined) {
    // Unknown routes get a 404 from the not-found handler, not a 401.
    return true;
  }
  return request.routeOptions.config.authenticate === false || route.startsWith(DOCS_PREFIX);
}

/**
 * Rejects a request with more than one Authorization header: Node keeps the
 * first, and a proxy in front may read another, so the two could disagree
 * on who the caller is.
 */
function rejectRepeatedAuthorization(request: FastifyRequest): void {
  const raw = request.raw.rawHeaders;
  let count = 0;
  for (let index = 0; index < raw.length; index += 2) {
    if (raw[index]!.toLowerCase() === 'authorization') {
      count += 1;
    }
  }
  if (count > 1) {
    throw new ApiError(
      'UNAUTHORIZED',
      `${count} Authorization headers were sent; send exactly one`,
    );
  }
}

/**
 * Requires a valid bearer token on every route except those marked
 * `authenticate: false`. Runs before the body is parsed, so an anonymous
 * client cannot make the service read a large body.
 */
export function registerAuthentication(app: FastifyInstance, authenticator: Authenticator): void {
  app.decorateRequest('identity', undefined);
  app.addHook('onRequest', async (request) => {
    if (isPublic(request)) {
      return;
    }
    rejectRepeatedAuthorization(request);
    const header = request.headers.authorization;
    const commonName = header ? undefined : verifiedClientCommonName(request);
    if (commonName !== undefined) {
      const byCertificate = authenticator.identityById?.(commonName);
      if (!byCertificate) {
        throw new ApiError(
          'UNAUTHORIZED',
          `client certificate subject ${JSON.stringify(commonName.slice(0, 64))} names no active token; issue the certificate for a token id`,
        );
      }
      request.identity = byCertificate;
      return;
    }
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
