import { ChainUnavailableError, TxTimeoutError } from '../../chain/errors.js';
import {
  EMPTY_COLDKEY_POLICY,
  checkColdkeyPolicy,
  type ColdkeyPolicy,
  type ColdkeyRequest,
} from '../../security/coldkey-policy.js';
import type { Decision } from '../../security/decision.js';
import { ApiError } from '../errors.js';
import type { SignedTxResult, TxDependencies } from './set-weights.js';

export function currentPolicy(deps: TxDependencies): ColdkeyPolicy {
  return deps.coldkeyPolicy?.() ?? EMPTY_COLDKEY_POLICY;
}

export function policyDenied(operation: string, decision: Decision): never {
  const reason = decision.allowed ? 'not allowed' : decision.reason;
  throw new ApiError('POLICY_DENIED', `coldkey policy rejected ${operation}: ${reason}`);
}

/** Whether a failed submission may still reach the chain, so its amount must keep counting. */
function mayHaveLanded(error: unknown): boolean {
  return (
    error instanceof TxTimeoutError ||
    (error instanceof ChainUnavailableError && error.txHash !== undefined)
  );
}

function txHashOf(error: unknown): string | undefined {
  const hash = (error as { txHash?: unknown } | undefined)?.txHash;
  return typeof hash === 'string' ? hash : undefined;
}

/**
 * Runs a coldkey transaction under the wallet's policy. The policy is
 * checked against today's total, and the amount is reserved before `submit`
 * signs anything. The reservation is released when nothing moved (rejected
 * by the pool, or included with a dispatch error). It is kept otherwise,
 * also after a timeout, because the transaction may still land.
 */
export async function withinColdkeyPolicy<T extends SignedTxResult>(
  deps: TxDependencies,
  request: ColdkeyRequest,
  requestId: string,
  submit: () => Promise<T>,
): Promise<T> {
  const ledger = deps.spendLedger;
  if (ledger === undefined) {
    throw new Error('coldkey operations need a spend ledger in the transaction dependencies');
  }
  const policy = currentPolicy(deps);
  const reservation = ledger.reserve(
    {
      wallet: request.wallet,
      operation: request.operation,
      amountRao: request.amountRao,
      requestId,
    },
    (spentTodayRao) => checkColdkeyPolicy(policy, request, spentTodayRao),
  );
  if (!reservation.allowed) {
    policyDenied(request.operation, reservation);
  }

  let result: T;
  try {
    result = await submit();
  } catch (error) {
    ledger.settle(reservation.id, mayHaveLanded(error) ? 'reserved' : 'released', txHashOf(error));
    throw error;
  }
  const { outcome } = result;
  ledger.settle(reservation.id, outcome.dispatchError ? 'released' : 'spent', outcome.txHash);
  return result;
}
