import type { FastifyRequest } from 'fastify';
import { paramsDigest } from '../../audit/params-digest.js';
import type { ValueTxResult } from '../operations/burned-register.js';
import { txResponse } from './tx-response.js';

/** Fills the audit record of a transaction request before it runs. */
export function auditTransaction(
  request: FastifyRequest,
  fields: { wallet: string; hotkey?: string; params: unknown; summary: string },
): void {
  if (request.audit) {
    request.audit.wallet = fields.wallet;
    request.audit.hotkey = fields.hotkey;
    request.audit.paramsDigest = paramsDigest(fields.params);
    request.audit.paramsSummary = fields.summary;
  }
}

/** Builds the transaction response plus the amount the coldkey policy counted, as a decimal string. */
export function valueTxResponse(request: FastifyRequest, operation: string, result: ValueTxResult) {
  return { ...txResponse(request, operation, result), amount_rao: result.amountRao.toString() };
}

/** Times a submission in the service metrics under the operation's name. */
export async function timed<T>(
  request: FastifyRequest,
  operation: string,
  run: () => Promise<T>,
): Promise<T> {
  const stopTimer = request.server.metrics.submissionDuration.startTimer({ operation });
  return run().finally(() => stopTimer());
}
