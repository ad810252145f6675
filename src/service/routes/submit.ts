import type { FastifyInstance, FastifyRequest } from 'fastify';
import { authorize } from '../../security/authorize.js';
import { ApiError } from '../errors.js';
import type { TxDependencies } from '../operations/set-weights.js';
import {
  callNetuids,
  parseSubmitBody,
  prepareSubmit,
  submitCall,
  summarizeSubmit,
  type SubmitInput,
} from '../operations/submit.js';
import { SUBMIT_ROUTE_SCHEMA, type SubmitBody } from '../schemas/submit.js';
import { auditTransaction, timed } from './transaction-audit.js';
import { txResponse } from './tx-response.js';

/**
 * Checks the token for a generic call. The operation depends on the call,
 * so the route's static permission cannot express it: a hotkey call needs
 * the operation that covers it (`serve_axon` for `serveAxon`), any other
 * call and every coldkey call needs `admin`.
 */
function authorizeSubmit(request: FastifyRequest, input: SubmitInput, netuid?: number): void {
  const identity = request.identity;
  if (identity === undefined) {
    throw new ApiError('UNAUTHORIZED', 'missing credentials; send Authorization: Bearer <token>');
  }
  const decision = authorize(identity, {
    operation: input.permission,
    wallet: input.wallet,
    hotkey: input.hotkey,
    keyRole: input.key,
    netuid,
  });
  if (!decision.allowed) {
    throw new ApiError(
      'FORBIDDEN',
      `${decision.reason} (${input.pallet}.${input.call} with the ${input.key} needs ${input.permission})`,
    );
  }
}

export function registerSubmitRoute(app: FastifyInstance, deps: TxDependencies): void {
  app.post<{ Body: SubmitBody }>(
    '/wallet/submit',
    {
      schema: SUBMIT_ROUTE_SCHEMA,
      // The permission depends on the call, so the handler checks it (authorizeSubmit).
      config: { operation: 'submit', permission: null, keyRole: 'none' },
    },
    async (request) => {
      const input = parseSubmitBody(request.body);
      auditTransaction(request, {
        wallet: input.wallet,
        hotkey: input.hotkey,
        params: { key: input.key, pallet: input.pallet, call: input.call, args: input.args },
        summary: summarizeSubmit(input),
      });
      authorizeSubmit(request, input);
      const prepared = prepareSubmit(deps, input);
      for (const netuid of callNetuids(prepared.decoded)) {
        authorizeSubmit(request, input, netuid);
      }
      const result = await timed(request, 'submit', () => submitCall(deps, prepared, request.id));
      return {
        ...txResponse(request, `${input.pallet}.${input.call}`, result),
        pallet: input.pallet,
        call: input.call,
        ...(result.amountRao === undefined ? {} : { amount_rao: result.amountRao.toString() }),
      };
    },
  );
}
