import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../log/logger.js';
import { retryDelayMs, type BackoffPolicy } from './backoff.js';
import { ManageServiceError, ServiceUnreachableError, UNEXPECTED_RESPONSE } from './errors.js';
import { errorFromResponse } from './response-error.js';
import { classifyTransportError, type TransportFailure } from './transport-failure.js';

/**
 * How a request may be sent again after a failure:
 * - `idempotent`: after any transport failure, 503 or 504.
 * - `transaction`: the request makes the service sign and submit, so a
 *   resend could submit twice. It is sent again only when the service cannot
 *   have signed: no connection was made, or a 503 without `tx_hash` (the
 *   service responds with 503 before signing when the chain or its queue is not
 *   available). A timeout or reset after sending, and a 504, are never
 *   resent, because the first request may have been submitted.
 */
export type ResendPolicy = 'idempotent' | 'transaction';

export interface RequestSpec {
  method: 'GET' | 'POST';
  /** Path below the base URL, starting with `/`. */
  path: string;
  query?: Record<string, string>;
  body?: unknown;
  resend: ResendPolicy;
  /** Non-2xx statuses whose body is a normal result, such as 503 from `/ready`. */
  resultStatuses?: readonly number[];
}

/** Per-call overrides of the client settings. */
export interface CallOptions {
  /** Limit for each attempt, in milliseconds; covers the response body too. */
  timeoutMs?: number;
  /** Retries after the first attempt. */
  retries?: number;
  /** Cancels the call, including a wait between attempts. */
  signal?: AbortSignal;
}

export interface TransportSettings {
  baseUrl: URL;
  token: string;
  timeoutMs: number;
  retries: number;
  backoff: BackoffPolicy;
  logger: Logger | undefined;
}

type AttemptResult =
  | { kind: 'response'; status: number; headers: Headers; body: unknown }
  | { kind: 'failure'; failure: TransportFailure; cause: unknown };

/** Sends JSON requests to the manage service with retries and backoff. */
export class HttpTransport {
  readonly #settings: TransportSettings;

  constructor(settings: TransportSettings) {
    this.#settings = settings;
  }

  /** Sends the request and returns the parsed JSON body of its result. */
  async request<T>(spec: RequestSpec, options: CallOptions = {}): Promise<T> {
    const url = this.#url(spec);
    const target = `${spec.method} ${describeUrl(url)}`;
    // One id for every attempt, so the service's audit log groups the retries of one call.
    const requestId = randomUUID();
    const retries = options.retries ?? this.#settings.retries;

    for (let attempt = 1; ; attempt += 1) {
      const result = await this.#attempt(url, spec, requestId, options);
      const retriesLeft = attempt <= retries;

      if (result.kind === 'failure') {
        if (!retriesLeft || !mayResendAfterFailure(spec.resend, result.failure)) {
          throw new ServiceUnreachableError(
            {
              target,
              attempts: attempt,
              reason: result.failure.reason,
              maybeDelivered: !result.failure.beforeSend,
              requestId,
            },
            { cause: result.cause },
          );
        }
        await this.#wait(
          attempt,
          undefined,
          { target, requestId, reason: result.failure.reason },
          options,
        );
        continue;
      }

      if (isResult(result.status, spec)) {
        return checkResultBody<T>(result, target, requestId);
      }
      const error = errorFromResponse({ ...result, target, requestId });
      if (!retriesLeft || !mayResendAfterError(spec.resend, error)) {
        throw error;
      }
      await this.#wait(
        attempt,
        error.retryAfterMs,
        { target, requestId, reason: `HTTP ${error.status} ${error.code}` },
        options,
      );
    }
  }

  async #attempt(
    url: URL,
    spec: RequestSpec,
    requestId: string,
    options: CallOptions,
  ): Promise<AttemptResult> {
    const timeout = AbortSignal.timeout(options.timeoutMs ?? this.#settings.timeoutMs);
    const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
    const headers: Record<string, string> = {
      accept: 'application/json',
      authorization: `Bearer ${this.#settings.token}`,
      'x-request-id': requestId,
    };
    if (spec.body !== undefined) {
      headers['content-type'] = 'application/json';
    }

    try {
      const response = await fetch(url, {
        method: spec.method,
        headers,
        body: spec.body === undefined ? undefined : JSON.stringify(spec.body),
        signal,
      });
      const text = await response.text();
      return {
        kind: 'response',
        status: response.status,
        headers: response.headers,
        body: parseJson(text),
      };
    } catch (error) {
      const failure = classifyTransportError(error);
      if (failure === undefined) {
        throw error;
      }
      return { kind: 'failure', failure, cause: error };
    }
  }

  async #wait(
    attempt: number,
    retryAfterMs: number | undefined,
    context: { target: string; requestId: string; reason: string },
    options: CallOptions,
  ): Promise<void> {
    const delayMs = retryDelayMs(attempt - 1, this.#settings.backoff, retryAfterMs);
    this.#settings.logger?.warn(
      { ...context, attempt, delayMs },
      'manage service request failed; retrying',
    );
    await sleep(delayMs, undefined, { signal: options.signal });
  }

  #url(spec: RequestSpec): URL {
    const base = this.#settings.baseUrl.href.replace(/\/+$/, '');
    const url = new URL(`${base}${spec.path}`);
    for (const [name, value] of Object.entries(spec.query ?? {})) {
      url.searchParams.set(name, value);
    }
    return url;
  }
}

function isResult(status: number, spec: RequestSpec): boolean {
  return (status >= 200 && status < 300) || (spec.resultStatuses ?? []).includes(status);
}

function checkResultBody<T>(
  result: { status: number; headers: Headers; body: unknown },
  target: string,
  requestId: string,
): T {
  if (typeof result.body === 'object' && result.body !== null) {
    return result.body as T;
  }
  throw new ManageServiceError({
    status: result.status,
    type: 'internal',
    code: UNEXPECTED_RESPONSE,
    message: `${target} returned HTTP ${result.status} without a JSON object; check that --manage.service_url points to the manage service`,
    requestId: result.headers.get('x-request-id') ?? requestId,
  });
}

function mayResendAfterFailure(resend: ResendPolicy, failure: TransportFailure): boolean {
  return resend === 'idempotent' || failure.beforeSend;
}

function mayResendAfterError(resend: ResendPolicy, error: ManageServiceError): boolean {
  if (error.status === 503) {
    return resend === 'idempotent' || error.txHash === undefined;
  }
  return error.status === 504 && resend === 'idempotent';
}

function parseJson(text: string): unknown {
  if (text === '') {
    return undefined;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** URL text for messages and logs: no user name or password, no query string. */
export function describeUrl(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}
