import type { FastifyInstance } from 'fastify';
import {
  parseServePrometheusBody,
  servePrometheus,
  summarizeServePrometheus,
} from '../operations/serve-prometheus.js';
import type { TxDependencies } from '../operations/set-weights.js';
import {
  SERVE_PROMETHEUS_ROUTE_SCHEMA,
  type ServePrometheusBody,
} from '../schemas/serve-prometheus.js';
import { auditTransaction, timed } from './transaction-audit.js';
import { txResponse } from './tx-response.js';

export function registerServePrometheusRoute(app: FastifyInstance, deps: TxDependencies): void {
  app.post<{ Body: ServePrometheusBody }>(
    '/wallet/serve_prometheus',
    {
      schema: SERVE_PROMETHEUS_ROUTE_SCHEMA,
      config: { operation: 'serve_prometheus', permission: 'serve_axon', keyRole: 'hotkey' },
    },
    async (request) => {
      const input = parseServePrometheusBody(request.body);
      auditTransaction(request, {
        wallet: input.wallet,
        hotkey: input.hotkey,
        params: request.body.transaction_data,
        summary: summarizeServePrometheus(input),
      });
      const result = await timed(request, 'serve_prometheus', () => servePrometheus(deps, input));
      return txResponse(request, 'serve_prometheus', result);
    },
  );
}
