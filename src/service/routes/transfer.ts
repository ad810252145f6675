import type { FastifyInstance } from 'fastify';
import type { TxDependencies } from '../operations/set-weights.js';
import { parseTransferBody, summarizeTransfer, transfer } from '../operations/transfer.js';
import { TRANSFER_ROUTE_SCHEMA, type TransferBody } from '../schemas/transfer.js';
import { auditTransaction, timed, valueTxResponse } from './transaction-audit.js';

export function registerTransferRoute(app: FastifyInstance, deps: TxDependencies): void {
  app.post<{ Body: TransferBody }>(
    '/wallet/transfer',
    {
      schema: TRANSFER_ROUTE_SCHEMA,
      config: { operation: 'transfer', permission: 'transfer', keyRole: 'coldkey' },
    },
    async (request) => {
      const input = parseTransferBody(request.body);
      auditTransaction(request, {
        wallet: input.wallet,
        params: request.body.transaction_data,
        summary: summarizeTransfer(input),
      });
      const result = await timed(request, 'transfer', () => transfer(deps, input, request.id));
      return valueTxResponse(request, 'transfer', result);
    },
  );
}
