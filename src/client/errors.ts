/**
 * Coarse class of a manage service error. Callers branch on it; `code` is
 * the finer, stable reason (see `ERROR_CODES` in src/service/errors.ts).
 */
export type ServiceErrorType =
  | 'invalid'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'chain_rejected'
  | 'chain_unavailable'
  | 'overloaded'
  | 'timeout'
  | 'internal';

/** Code used when an error response is not the service's error JSON (a proxy page, say). */
export const UNEXPECTED_RESPONSE = 'UNEXPECTED_RESPONSE';

export interface ManageServiceErrorDetails {
  status: number;
  type: ServiceErrorType;
  /** One of the service's `ERROR_CODES`, `UNEXPECTED_RESPONSE`, or a code of a newer service. */
  code: string;
  message: string;
  chainError?: string;
  chainPallet?: string;
  txHash?: string;
  requestId?: string;
  /** Wait the service asked for with `Retry-After`, in milliseconds. */
  retryAfterMs?: number;
  /** `local` when a LocalSigner raised it with the codes the service would use. */
  origin?: 'service' | 'local';
}

/**
 * An error response of the manage service, or the same error model raised by
 * a LocalSigner, so callers handle both modes alike.
 */
export class ManageServiceError extends Error {
  readonly status: number;
  readonly type: ServiceErrorType;
  readonly code: string;
  /** Chain error name such as `NotRegistered` or `Custom error: 6`, when the chain gave one. */
  readonly chainError: string | undefined;
  readonly chainPallet: string | undefined;
  /** Hash of a transaction that was sent; it may still be included when the error is a timeout. */
  readonly txHash: string | undefined;
  readonly requestId: string | undefined;
  readonly retryAfterMs: number | undefined;
  readonly origin: 'service' | 'local';

  constructor(details: ManageServiceErrorDetails, options?: ErrorOptions) {
    super(details.message, options);
    this.name = 'ManageServiceError';
    this.status = details.status;
    this.type = details.type;
    this.code = details.code;
    this.chainError = details.chainError;
    this.chainPallet = details.chainPallet;
    this.txHash = details.txHash;
    this.requestId = details.requestId;
    this.retryAfterMs = details.retryAfterMs;
    this.origin = details.origin ?? 'service';
  }
}

export interface ServiceUnreachableDetails {
  /** Request target without credentials, such as `POST http://127.0.0.1:8000/wallet/sign`. */
  target: string;
  /** Requests sent, the first one included. */
  attempts: number;
  /** Failure of the last attempt: an errno or undici code such as `ECONNREFUSED`, or `TIMEOUT`. */
  reason: string;
  /**
   * True when the last attempt failed after the request may have reached the
   * service (a timeout or a reset connection), so a transaction may have been
   * submitted although no response arrived.
   */
  maybeDelivered: boolean;
  requestId: string;
}

/** No response from the manage service after every allowed attempt. */
export class ServiceUnreachableError extends Error {
  readonly code = 'SERVICE_UNREACHABLE';
  readonly target: string;
  readonly attempts: number;
  readonly reason: string;
  readonly maybeDelivered: boolean;
  readonly requestId: string;

  constructor(details: ServiceUnreachableDetails, options?: ErrorOptions) {
    const attempts = details.attempts === 1 ? '1 attempt' : `${details.attempts} attempts`;
    const hint = details.maybeDelivered
      ? 'the request may have reached the service, so check its audit log before sending it again'
      : 'check that the service runs and that --manage.service_url points to it';
    super(
      `no response from ${details.target} after ${attempts} (${details.reason}); ${hint}`,
      options,
    );
    this.name = 'ServiceUnreachableError';
    this.target = details.target;
    this.attempts = details.attempts;
    this.reason = details.reason;
    this.maybeDelivered = details.maybeDelivered;
    this.requestId = details.requestId;
  }
}
