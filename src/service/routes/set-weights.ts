import type { FastifyInstance } from 'fastify';
import { paramsDigest } from '../../audit/params-digest.js';
import {
  parseSetWeightsBody,
  setWeights,
  summarizeSetWeights,
  type TxDependencies,
} from '../operations/set-weights.js';
import { SET_WEIGHTS_ROUTE_SCHEMA, type SetWeightsBody } from '../schemas/set-weights.js';
import { txResponse } from './tx-response.js';

export function registerSetWeightsRoute(app: FastifyInstance, deps: TxDependencies): void {
  app.post<{ Body: SetWeightsBody }>(
    '/wallet/set_weights',
    {
      schema: SET_WEIGHTS_ROUTE_SCHEMA,
      config: { operation: 'set_weights', permission: 'set_weights' },
    },
    async (request) => {
      const input = parseSetWeightsBody(request.body);
      if (request.audit) {
        request.audit.wallet = input.wallet;
        request.audit.hotkey = input.hotkey;
        request.audit.paramsDigest = paramsDigest(request.body.transaction_data);
        request.audit.paramsSummary = summarizeSetWeights(input);
      }
      const stopTimer = request.server.metrics.submissionDuration.startTimer({
        operation: 'set_weights',
      });
      const result = await setWeights(deps, input).finally(() => stopTimer());
      return txResponse(request, 'set_weights', result);
    },
  );
}
