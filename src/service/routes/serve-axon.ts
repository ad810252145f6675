import type { FastifyInstance } from 'fastify';
import { paramsDigest } from '../../audit/params-digest.js';
import { parseServeAxonBody, serveAxon, summarizeServeAxon } from '../operations/serve-axon.js';
import type { TxDependencies } from '../operations/set-weights.js';
import { SERVE_AXON_ROUTE_SCHEMA, type ServeAxonBody } from '../schemas/serve-axon.js';
import { txResponse } from './tx-response.js';

export function registerServeAxonRoute(app: FastifyInstance, deps: TxDependencies): void {
  app.post<{ Body: ServeAxonBody }>(
    '/wallet/serve_axon',
    {
      schema: SERVE_AXON_ROUTE_SCHEMA,
      config: { operation: 'serve_axon', permission: 'serve_axon' },
    },
    async (request) => {
      const input = parseServeAxonBody(request.body);
      if (request.audit) {
        request.audit.wallet = input.wallet;
        request.audit.hotkey = input.hotkey;
        request.audit.paramsDigest = paramsDigest(request.body.transaction_data);
        request.audit.paramsSummary = summarizeServeAxon(input);
      }
      const stopTimer = request.server.metrics.submissionDuration.startTimer({
        operation: 'serve_axon',
      });
      const result = await serveAxon(deps, input).finally(() => stopTimer());
      if (result.skipped) {
        if (request.audit) {
          request.audit.keyAddress = result.signer;
        }
        return {
          success: true,
          skipped: true,
          reason: `the chain already holds this axon (served at block ${result.axon.block})`,
          signer: result.signer,
          request_id: request.id,
        };
      }
      return txResponse(request, 'serve_axon', result);
    },
  );
}
