import type { TxOutcome } from '../chain/submitter.js';
import { chainErrorHint } from '../service/chain-hints.js';
import { toApiError } from '../service/map-error.js';
import { ManageServiceError, type ServiceErrorType } from './errors.js';

/*
 * A LocalSigner raises the errors the service would respond with, through the
 * service's own mapping, so a caller's handling does not depend on the mode.
 */

/** Converts a chain, keystore or input error to a local ManageServiceError; returns others unchanged. */
export function toLocalError(error: unknown): unknown {
  if (error instanceof ManageServiceError) {
    return error;
  }
  const apiError = toApiError(error);
  if (apiError === undefined) {
    return error;
  }
  return new ManageServiceError(
    {
      status: apiError.status,
      type: apiError.type as ServiceErrorType,
      code: apiError.code,
      message: apiError.message,
      chainError: apiError.chainError,
      chainPallet: apiError.chainPallet,
      txHash: apiError.txHash,
      origin: 'local',
    },
    { cause: error },
  );
}

/** Builds the CHAIN_REJECTED error for an extrinsic that was included but failed to dispatch. */
export function dispatchFailure(
  operation: string,
  outcome: TxOutcome & { dispatchError: NonNullable<TxOutcome['dispatchError']> },
): ManageServiceError {
  const { pallet, name, docs } = outcome.dispatchError;
  const detail = [docs, chainErrorHint(name)].filter(Boolean).join('; ');
  return new ManageServiceError({
    status: 422,
    type: 'chain_rejected',
    code: 'CHAIN_REJECTED',
    message: `chain rejected ${operation} with ${pallet}.${name}${detail ? `: ${detail}` : ''}`,
    chainError: name,
    chainPallet: pallet,
    txHash: outcome.txHash,
    origin: 'local',
  });
}

/** Builds the INVALID_REQUEST error for a request a LocalSigner rejects before signing. */
export function invalidLocalRequest(message: string): ManageServiceError {
  return new ManageServiceError({
    status: 400,
    type: 'invalid',
    code: 'INVALID_REQUEST',
    message,
    origin: 'local',
  });
}
