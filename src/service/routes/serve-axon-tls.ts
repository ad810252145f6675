import type { FastifyInstance } from 'fastify';
import {
  parseServeAxonTlsBody,
  serveAxonTls,
  summarizeServeAxonTls,
} from '../operations/serve-axon-tls.js';
import type { TxDependencies } from '../operations/set-weights.js';
import { SERVE_AXON_TLS_ROUTE_SCHEMA, type ServeAxonTlsBody } from '../schemas/serve-axon-tls.js';
import { auditTransaction, timed } from './transaction-audit.js';
import { txResponse } from './tx-response.js';

export function registerServeAxonTlsRoute(app: FastifyInstance, deps: TxDependencies): void {
  app.post<{ Body: ServeAxonTlsBody }>(
    '/wallet/serve_axon_tls',
    {
      schema: SERVE_AXON_TLS_ROUTE_SCHEMA,
      config: { operation: 'serve_axon_tls', permission: 'serve_axon', keyRole: 'hotkey' },
    },
    async (request) => {
      const input = parseServeAxonTlsBody(request.body);
      auditTransaction(request, {
        wallet: input.wallet,
        hotkey: input.hotkey,
        params: request.body.transaction_data,
        summary: summarizeServeAxonTls(input),
      });
      const result = await timed(request, 'serve_axon_tls', () => serveAxonTls(deps, input));
      return txResponse(request, 'serve_axon_tls', result);
    },
  );
}
