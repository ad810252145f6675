import { QueueFullError } from '../chain/account-queue.js';
import { UnsupportedCallError } from '../chain/calls.js';
import { ChainUnavailableError, PoolRejectedError, TxTimeoutError } from '../chain/errors.js';
import { InvalidKeyNameError, KeyNotFoundError, KeyUnavailableError } from '../keystore/errors.js';
import { ApiError, ERROR_CODES, type ErrorCode } from './errors.js';

interface FastifyLikeError {
  code?: string;
  statusCode?: number;
  validation?: { instancePath?: string; message?: string; params?: Record<string, unknown> }[];
  validationContext?: string;
  message: string;
}

/** Maps any error raised while handling a request to the API's error model. */
export function toApiError(error: unknown): ApiError | undefined {
  if (error instanceof ApiError) {
    return error;
  }
  if (error instanceof ChainUnavailableError) {
    return new ApiError('CHAIN_UNAVAILABLE', error.message, { txHash: error.txHash });
  }
  if (error instanceof PoolRejectedError) {
    return new ApiError('POOL_REJECTED', error.message, {
      chainError: error.reason,
      txHash: error.txHash,
    });
  }
  if (error instanceof TxTimeoutError) {
    return new ApiError('TX_TIMEOUT', error.message, { txHash: error.txHash });
  }
  if (error instanceof QueueFullError) {
    return new ApiError('QUEUE_FULL', error.message);
  }
  if (error instanceof UnsupportedCallError) {
    return new ApiError('UNSUPPORTED_CALL', error.message);
  }
  if (isChainTransportError(error)) {
    return new ApiError(
      'CHAIN_UNAVAILABLE',
      'the chain connection dropped while handling the request; retry when /ready reports the chain connected',
    );
  }
  const keyError = fromKeystoreError(error);
  if (keyError) {
    return keyError;
  }
  if (error instanceof Error) {
    return fromCodedError(error as Error & FastifyLikeError);
  }
  return undefined;
}

/**
 * Errors @polkadot/api raises when the WebSocket drops during a storage read
 * or RPC call (rpc-provider 16.x messages); they mean the chain is away.
 */
const CHAIN_TRANSPORT_MESSAGES =
  /WebSocket is not connected|disconnected from|No response received from RPC endpoint|Abnormal Closure/;

function isChainTransportError(error: unknown): boolean {
  return error instanceof Error && CHAIN_TRANSPORT_MESSAGES.test(error.message);
}

function fromKeystoreError(error: unknown): ApiError | undefined {
  if (error instanceof KeyNotFoundError) {
    return new ApiError('KEY_NOT_FOUND', error.message);
  }
  if (error instanceof KeyUnavailableError) {
    return new ApiError('KEY_UNAVAILABLE', error.message);
  }
  if (error instanceof InvalidKeyNameError) {
    return new ApiError('INVALID_REQUEST', error.message);
  }
  return undefined;
}

function fromCodedError(error: Error & FastifyLikeError): ApiError | undefined {
  if (error.validation) {
    return new ApiError('INVALID_REQUEST', validationMessage(error));
  }
  const code = error.code;
  if (code && code in ERROR_CODES) {
    return new ApiError(code as ErrorCode, error.message);
  }
  switch (code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ApiError(
        'PAYLOAD_TOO_LARGE',
        'request body is larger than the limit; send a smaller body',
      );
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ApiError(
        'UNSUPPORTED_MEDIA_TYPE',
        'unsupported Content-Type; send application/json',
      );
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new ApiError('INVALID_REQUEST', 'request body is empty; send a JSON object');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new ApiError('INVALID_REQUEST', `request body is not valid JSON; ${error.message}`);
  }
  if (error instanceof SyntaxError || (error.statusCode !== undefined && error.statusCode < 500)) {
    return new ApiError('INVALID_REQUEST', `invalid request: ${error.message}`);
  }
  return undefined;
}

/** Builds one readable sentence from Ajv's errors, naming each bad field. */
function validationMessage(error: FastifyLikeError): string {
  const context = error.validationContext ?? 'body';
  const parts = (error.validation ?? []).slice(0, 5).map((item) => {
    const where = `${context}${(item.instancePath ?? '').replaceAll('/', '.')}`;
    const extra = item.params?.additionalProperty;
    if (extra !== undefined) {
      return `${where} has unknown field ${JSON.stringify(extra)}; remove it`;
    }
    return `${where} ${item.message ?? 'is invalid'}`;
  });
  return `invalid request: ${parts.join('; ')}`;
}
