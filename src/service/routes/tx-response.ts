import type { FastifyRequest } from 'fastify';
import type { SignedTxResult } from '../operations/set-weights.js';
import { ApiError } from '../errors.js';
import { chainErrorHint } from '../chain-hints.js';

/**
 * Turns a transaction result into the success body, or throws CHAIN_REJECTED
 * when the extrinsic was included but its dispatch failed.
 */
export function txResponse(request: FastifyRequest, operation: string, result: SignedTxResult) {
  const { outcome } = result;
  if (request.audit) {
    request.audit.outcome = outcome;
    request.audit.keyAddress = result.signer;
  }
  if (outcome.dispatchError) {
    const { pallet, name, docs } = outcome.dispatchError;
    const hint = chainErrorHint(name);
    const detail = [docs, hint].filter(Boolean).join('; ');
    throw new ApiError(
      'CHAIN_REJECTED',
      `chain rejected ${operation} with ${pallet}.${name}${detail ? `: ${detail}` : ''}`,
      { chainError: name, chainPallet: pallet, txHash: outcome.txHash },
    );
  }
  return {
    success: true,
    tx_hash: outcome.txHash,
    status: outcome.status,
    block_hash: outcome.blockHash,
    block_number: outcome.blockNumber,
    nonce: outcome.nonce,
    signer: result.signer,
    request_id: request.id,
  };
}
