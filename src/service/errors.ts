/**
 * Every error the HTTP API returns, with its status and the coarse `type`
 * clients branch on. The README's error table is checked against this list
 * by a test, so a new code must be documented there too.
 */
export const ERROR_CODES = {
  INVALID_REQUEST: { status: 400, type: 'invalid' },
  PAYLOAD_TOO_LARGE: { status: 413, type: 'invalid' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, type: 'invalid' },
  UNAUTHORIZED: { status: 401, type: 'unauthorized' },
  FORBIDDEN: { status: 403, type: 'forbidden' },
  POLICY_DENIED: { status: 403, type: 'forbidden' },
  RATE_LIMITED: { status: 429, type: 'rate_limited' },
  WEIGHTS_RATE_LIMITED: { status: 429, type: 'rate_limited' },
  ROUTE_NOT_FOUND: { status: 404, type: 'not_found' },
  KEY_NOT_FOUND: { status: 404, type: 'not_found' },
  COMMIT_NOT_FOUND: { status: 404, type: 'not_found' },
  COMMIT_NOT_REVEALABLE: { status: 409, type: 'conflict' },
  KEY_UNAVAILABLE: { status: 422, type: 'invalid' },
  UNSUPPORTED_CALL: { status: 422, type: 'invalid' },
  CHAIN_REJECTED: { status: 422, type: 'chain_rejected' },
  POOL_REJECTED: { status: 422, type: 'chain_rejected' },
  CHAIN_UNAVAILABLE: { status: 503, type: 'chain_unavailable' },
  QUEUE_FULL: { status: 503, type: 'overloaded' },
  OVERLOADED: { status: 503, type: 'overloaded' },
  IDEMPOTENCY_IN_PROGRESS: { status: 409, type: 'conflict' },
  IDEMPOTENCY_INTERRUPTED: { status: 409, type: 'conflict' },
  IDEMPOTENCY_KEY_REUSED: { status: 422, type: 'invalid' },
  TX_TIMEOUT: { status: 504, type: 'timeout' },
  AUDIT_WRITE_FAILED: { status: 500, type: 'internal' },
  INTERNAL: { status: 500, type: 'internal' },
} as const satisfies Record<string, { status: number; type: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** Seconds a client should wait before retrying a 503. */
export const RETRY_AFTER_SECONDS = 5;

/** An error that maps to one HTTP response; routes throw it and the error handler renders it. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly type: string;
  /** Chain error name (`NotRegistered`, `Custom error: 6`) when the chain gave one. */
  readonly chainError: string | undefined;
  readonly chainPallet: string | undefined;
  readonly txHash: string | undefined;
  /** Blocks until the chain accepts weights from this hotkey again (WEIGHTS_RATE_LIMITED). */
  readonly blocksLeft: number | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    details: {
      chainError?: string;
      chainPallet?: string;
      txHash?: string;
      blocksLeft?: number;
    } = {},
  ) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = ERROR_CODES[code].status;
    this.type = ERROR_CODES[code].type;
    this.chainError = details.chainError;
    this.chainPallet = details.chainPallet;
    this.txHash = details.txHash;
    this.blocksLeft = details.blocksLeft;
  }
}

/** JSON body of every error response. */
export interface ErrorBody {
  success: false;
  error: {
    type: string;
    code: ErrorCode;
    message: string;
    chain_error?: string;
    chain_pallet?: string;
    tx_hash?: string;
    blocks_left?: number;
  };
  request_id: string;
}

export function errorBody(error: ApiError, requestId: string): ErrorBody {
  const body: ErrorBody = {
    success: false,
    error: { type: error.type, code: error.code, message: error.message },
    request_id: requestId,
  };
  if (error.chainError !== undefined) {
    body.error.chain_error = error.chainError;
  }
  if (error.chainPallet !== undefined) {
    body.error.chain_pallet = error.chainPallet;
  }
  if (error.txHash !== undefined) {
    body.error.tx_hash = error.txHash;
  }
  if (error.blocksLeft !== undefined) {
    body.error.blocks_left = error.blocksLeft;
  }
  return body;
}
