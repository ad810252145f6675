import type { FastifyInstance } from 'fastify';
import { InvalidRequestError } from '../operations/invalid-request.js';
import type { TxDependencies } from '../operations/set-weights.js';
import { findInexactNumber } from '../schemas/integer-json.js';
import { registerBurnedRegisterRoute } from './burned-register.js';
import { registerServeAxonTlsRoute } from './serve-axon-tls.js';
import { registerServePrometheusRoute } from './serve-prometheus.js';
import { registerStakeRoutes } from './stake.js';
import { registerSubmitRoute } from './submit.js';
import { registerTransferRoute } from './transfer.js';

/**
 * Replaces the JSON parser of these routes with one that first rejects
 * numbers with a fraction or exponent. `JSON.parse` reads `1e9` as the
 * integer 1000000000, so the schema alone cannot reject it, and no argument
 * of these calls is fractional.
 */
function useIntegerJson(scope: FastifyInstance): void {
  const parseJson = scope.getDefaultJsonParser('error', 'error');
  scope.removeContentTypeParser('application/json');
  scope.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    const inexact = findInexactNumber(text);
    if (inexact !== undefined) {
      const field = inexact.key === undefined ? 'a value' : `field ${JSON.stringify(inexact.key)}`;
      done(
        new InvalidRequestError(
          `${field} is ${inexact.token.slice(0, 40)}, which is not an integer literal; send whole numbers without fraction or exponent (amounts above 2^53 - 1 as decimal strings)`,
        ),
        undefined,
      );
      return;
    }
    parseJson(request, text, done);
  });
}

/** Registers the coldkey and generic-call routes (stake, transfer, registration, submit). */
export function registerColdkeyOperationRoutes(app: FastifyInstance, deps: TxDependencies): void {
  app.register(async (scope) => {
    useIntegerJson(scope);
    registerServePrometheusRoute(scope, deps);
    registerServeAxonTlsRoute(scope, deps);
    registerBurnedRegisterRoute(scope, deps);
    registerStakeRoutes(scope, deps);
    registerTransferRoute(scope, deps);
    registerSubmitRoute(scope, deps);
  });
}
