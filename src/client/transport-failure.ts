/** A request that got no HTTP response. */
export interface TransportFailure {
  /** errno or undici code such as `ECONNREFUSED` or `UND_ERR_SOCKET`, or `TIMEOUT`. */
  reason: string;
  /** True when no connection was made, so the service cannot have seen the request. */
  beforeSend: boolean;
}

/**
 * Codes for a connection that was never established. Nothing was sent, so
 * even a transaction request is safe to send again.
 */
const NOT_CONNECTED_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/**
 * Classifies an error thrown by `fetch` or by reading its body. Returns
 * undefined for errors that are not transport failures (an aborted caller
 * signal, a bug), which the caller rethrows.
 */
export function classifyTransportError(error: unknown): TransportFailure | undefined {
  if (!(error instanceof Error)) {
    return undefined;
  }
  // AbortSignal.timeout() aborts with a DOMException named TimeoutError. The
  // connection may already have carried the request, so it counts as sent.
  if (error.name === 'TimeoutError') {
    return { reason: 'TIMEOUT', beforeSend: false };
  }
  if (error.name === 'AbortError') {
    return undefined;
  }
  const code = findErrorCode(error);
  // Node's fetch (undici) wraps network errors as TypeError('fetch failed', { cause }).
  const isFetchFailure = error instanceof TypeError && error.cause !== undefined;
  if (code === undefined && !isFetchFailure) {
    return undefined;
  }
  const reason = code ?? 'FETCH_FAILED';
  return { reason, beforeSend: NOT_CONNECTED_CODES.has(reason) };
}

/** Returns the first string `code` on the error, its causes, or an AggregateError's members. */
function findErrorCode(error: unknown, depth = 0): string | undefined {
  if (depth > 5 || typeof error !== 'object' || error === null) {
    return undefined;
  }
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    return code;
  }
  if (error instanceof AggregateError) {
    for (const member of error.errors) {
      const found = findErrorCode(member, depth + 1);
      if (found !== undefined) {
        return found;
      }
    }
  }
  return findErrorCode((error as { cause?: unknown }).cause, depth + 1);
}
