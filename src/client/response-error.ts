import { parseRetryAfterMs } from './backoff.js';
import { ManageServiceError, UNEXPECTED_RESPONSE, type ServiceErrorType } from './errors.js';

const ERROR_TYPES: ReadonlySet<string> = new Set<ServiceErrorType>([
  'invalid',
  'unauthorized',
  'forbidden',
  'not_found',
  'chain_rejected',
  'chain_unavailable',
  'overloaded',
  'timeout',
  'internal',
]);

/** Error type for a status whose body names none, such as a proxy's error page. */
export function typeForStatus(status: number): ServiceErrorType {
  switch (status) {
    case 401:
      return 'unauthorized';
    case 403:
      return 'forbidden';
    case 404:
      return 'not_found';
    case 429:
    case 503:
      return 'overloaded';
    case 504:
      return 'timeout';
  }
  return status >= 400 && status < 500 ? 'invalid' : 'internal';
}

export interface ErrorResponseInput {
  status: number;
  headers: Headers;
  /** Parsed JSON body, or undefined when the body was not JSON. */
  body: unknown;
  /** `METHOD url` of the request, for the message of an unexpected body. */
  target: string;
  /** Request id the client sent; the service's own id wins when it returns one. */
  requestId: string;
}

/** Builds the error for a non-2xx response, keeping every field the service sent. */
export function errorFromResponse(input: ErrorResponseInput): ManageServiceError {
  const requestId = input.headers.get('x-request-id') ?? input.requestId;
  const retryAfterMs = parseRetryAfterMs(input.headers.get('retry-after'));
  const error = readErrorObject(input.body);

  if (error === undefined) {
    return new ManageServiceError({
      status: input.status,
      type: typeForStatus(input.status),
      code: UNEXPECTED_RESPONSE,
      message: `${input.target} returned HTTP ${input.status} without the service's error JSON; check that --manage.service_url points to the manage service`,
      requestId,
      retryAfterMs,
    });
  }

  const body = input.body as { request_id?: unknown };
  return new ManageServiceError({
    status: input.status,
    type: ERROR_TYPES.has(error.type)
      ? (error.type as ServiceErrorType)
      : typeForStatus(input.status),
    code: error.code,
    message: error.message,
    chainError: optionalString(error.chain_error),
    chainPallet: optionalString(error.chain_pallet),
    txHash: optionalString(error.tx_hash),
    requestId: optionalString(body.request_id) ?? requestId,
    retryAfterMs,
  });
}

interface ErrorObject {
  type: string;
  code: string;
  message: string;
  chain_error?: unknown;
  chain_pallet?: unknown;
  tx_hash?: unknown;
}

function readErrorObject(body: unknown): ErrorObject | undefined {
  if (typeof body !== 'object' || body === null) {
    return undefined;
  }
  const error = (body as { error?: unknown }).error;
  if (typeof error !== 'object' || error === null) {
    return undefined;
  }
  const fields = error as Record<string, unknown>;
  const valid =
    typeof fields.type === 'string' &&
    typeof fields.code === 'string' &&
    typeof fields.message === 'string';
  return valid ? (fields as unknown as ErrorObject) : undefined;
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
