import type { FastifyInstance } from 'fastify';
import {
  burnedRegister,
  parseBurnedRegisterBody,
  summarizeBurnedRegister,
} from '../operations/burned-register.js';
import type { TxDependencies } from '../operations/set-weights.js';
import {
  BURNED_REGISTER_ROUTE_SCHEMA,
  type BurnedRegisterBody,
} from '../schemas/burned-register.js';
import { auditTransaction, timed, valueTxResponse } from './transaction-audit.js';

export function registerBurnedRegisterRoute(app: FastifyInstance, deps: TxDependencies): void {
  app.post<{ Body: BurnedRegisterBody }>(
    '/wallet/register',
    {
      schema: BURNED_REGISTER_ROUTE_SCHEMA,
      config: { operation: 'burned_register', permission: 'register', keyRole: 'coldkey' },
    },
    async (request) => {
      const input = parseBurnedRegisterBody(request.body, deps.signers);
      auditTransaction(request, {
        wallet: input.wallet,
        hotkey: input.hotkeyName,
        params: request.body.transaction_data,
        summary: summarizeBurnedRegister(input),
      });
      const result = await timed(request, 'burned_register', () =>
        burnedRegister(deps, input, request.id),
      );
      return valueTxResponse(request, 'burned_register', result);
    },
  );
}
