import type { FastifyInstance } from 'fastify';
import type { StakeDirection } from '../../chain/stake-calls.js';
import type { TxDependencies } from '../operations/set-weights.js';
import { parseStakeBody, stake, summarizeStake } from '../operations/stake.js';
import {
  ADD_STAKE_ROUTE_SCHEMA,
  REMOVE_STAKE_ROUTE_SCHEMA,
  type StakeBody,
} from '../schemas/stake.js';
import { auditTransaction, timed, valueTxResponse } from './transaction-audit.js';

function registerStakeRoute(
  app: FastifyInstance,
  deps: TxDependencies,
  direction: StakeDirection,
): void {
  const operation = direction === 'add' ? 'add_stake' : 'remove_stake';
  app.post<{ Body: StakeBody }>(
    `/wallet/${operation}`,
    {
      schema: direction === 'add' ? ADD_STAKE_ROUTE_SCHEMA : REMOVE_STAKE_ROUTE_SCHEMA,
      config: { operation, permission: 'stake', keyRole: 'coldkey' },
    },
    async (request) => {
      const input = parseStakeBody(request.body, direction, deps.signers);
      auditTransaction(request, {
        wallet: input.wallet,
        hotkey: input.hotkeyName,
        params: request.body.transaction_data,
        summary: summarizeStake(input),
      });
      const result = await timed(request, operation, () => stake(deps, input, request.id));
      return valueTxResponse(request, operation, result);
    },
  );
}

/** Registers `/wallet/add_stake` and `/wallet/remove_stake`; the token operation `stake` covers both. */
export function registerStakeRoutes(app: FastifyInstance, deps: TxDependencies): void {
  registerStakeRoute(app, deps, 'add');
  registerStakeRoute(app, deps, 'remove');
}
