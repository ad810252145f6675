import type { Logger } from '../log/logger.js';
import type {
  HealthResponse,
  ReadyResponse,
  ServeAxonBody,
  SetWeightsBody,
  SignBody,
  SignResponse,
  SkippedResponse,
  TxResponse,
  VerifyBody,
  VerifyResponse,
  WalletInfoResponse,
} from './api-types.js';
import { resolveBackoff, type BackoffOptions } from './backoff.js';
import { HttpTransport, type CallOptions } from './http-transport.js';

export interface ManageServiceClientOptions {
  /** Base URL of the service, such as `http://127.0.0.1:8000`; a path prefix is kept. */
  baseUrl: string;
  /** Bearer token; sent only in the Authorization header and never logged. */
  token: string;
  /**
   * Limit for each attempt, in milliseconds. Default 30000. Set it above the
   * service's `--tx.timeout_ms` when waiting for inclusion or finalization,
   * or the client gives up before the service responds.
   */
  timeoutMs?: number;
  /** Retries after the first attempt. Default 3. */
  retries?: number;
  /** Waits between attempts. Default: 200 ms doubling to 5000 ms, full jitter. */
  backoff?: BackoffOptions;
  /** Receives a warning for each retry; nothing is logged without it. */
  logger?: Logger;
}

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_RETRIES = 3;

/**
 * Typed client of the manage service HTTP API. Every method throws
 * `ManageServiceError` for an error response and `ServiceUnreachableError`
 * when no response arrived after the allowed attempts. Requests that submit
 * a transaction are resent only when the service cannot have signed them
 * (see `ResendPolicy`).
 */
export class ManageServiceClient {
  /** Base URL as configured, for messages. It contains no token. */
  readonly baseUrl: string;
  readonly #transport: HttpTransport;

  constructor(options: ManageServiceClientOptions) {
    this.baseUrl = options.baseUrl;
    this.#transport = new HttpTransport({
      baseUrl: parseBaseUrl(options.baseUrl),
      token: checkToken(options.token),
      timeoutMs: checkCount('timeoutMs', options.timeoutMs ?? DEFAULT_TIMEOUT_MS, 1),
      retries: checkCount('retries', options.retries ?? DEFAULT_RETRIES, 0),
      backoff: resolveBackoff(options.backoff),
      logger: options.logger?.child({ component: 'manage-client' }),
    });
  }

  /** Signs and submits `set_weights` with a hotkey held by the service. */
  setWeights(body: SetWeightsBody, options?: CallOptions): Promise<TxResponse> {
    const spec = {
      method: 'POST',
      path: '/wallet/set_weights',
      body,
      resend: 'transaction',
    } as const;
    return this.#transport.request(spec, options);
  }

  /** Signs and submits `serve_axon`, or returns `skipped` when the chain already stores that axon. */
  serveAxon(body: ServeAxonBody, options?: CallOptions): Promise<TxResponse | SkippedResponse> {
    const spec = {
      method: 'POST',
      path: '/wallet/serve_axon',
      body,
      resend: 'transaction',
    } as const;
    return this.#transport.request(spec, options);
  }

  /** Signs up to 1024 messages with a hotkey; signatures come back in request order. */
  sign(body: SignBody, options?: CallOptions): Promise<SignResponse> {
    // Signing the same bytes again does no harm, so any failure may be retried.
    const spec = { method: 'POST', path: '/wallet/sign', body, resend: 'idempotent' } as const;
    return this.#transport.request(spec, options);
  }

  /** Checks an sr25519 signature of `address` over a message. */
  verify(body: VerifyBody, options?: CallOptions): Promise<VerifyResponse> {
    const spec = { method: 'POST', path: '/wallet/verify', body, resend: 'idempotent' } as const;
    return this.#transport.request(spec, options);
  }

  /** Fetches the public addresses and signing state of a wallet's coldkey and hotkey. */
  walletInfo(
    walletName: string,
    hotkeyName: string,
    options?: CallOptions,
  ): Promise<WalletInfoResponse> {
    const query = { wallet_name: walletName, hotkey_name: hotkeyName };
    const spec = { method: 'GET', path: '/wallet/info', query, resend: 'idempotent' } as const;
    return this.#transport.request(spec, options);
  }

  /** Checks that the service process is up. */
  health(options?: CallOptions): Promise<HealthResponse> {
    return this.#transport.request(
      { method: 'GET', path: '/health', resend: 'idempotent' },
      options,
    );
  }

  /** Fetches readiness; a not-ready service (HTTP 503) resolves with `ready: false`. */
  ready(options?: CallOptions): Promise<ReadyResponse> {
    const spec = {
      method: 'GET',
      path: '/ready',
      resend: 'idempotent',
      resultStatuses: [503],
    } as const;
    return this.#transport.request(spec, options);
  }
}

function parseBaseUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new TypeError(
      `invalid manage service URL ${JSON.stringify(text)}; use a full URL such as http://127.0.0.1:8000`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError(`manage service URL ${JSON.stringify(text)} must use http:// or https://`);
  }
  if (url.username !== '' || url.password !== '') {
    // Neither part is quoted back, since the password is a secret.
    throw new TypeError(
      'manage service URL contains a user name or password, which fetch rejects; authenticate with the token only',
    );
  }
  if (url.search !== '' || url.hash !== '') {
    throw new TypeError(
      `manage service URL ${JSON.stringify(text)} has a query or fragment; give only scheme, host, port and path`,
    );
  }
  return url;
}

function checkToken(token: string): string {
  // The token itself never appears in the message, because it is a secret.
  if (token === '') {
    throw new TypeError(
      'manage service token is empty; set --manage.service_token or MANAGE_SERVICE_TOKEN',
    );
  }
  if (!/^[\x21-\x7e]+$/.test(token)) {
    throw new TypeError(
      'manage service token contains spaces, control or non-ASCII characters; use printable ASCII only',
    );
  }
  return token;
}

function checkCount(name: string, value: number, minimum: number): number {
  if (!Number.isSafeInteger(value) || value < minimum) {
    throw new RangeError(`${name} is ${value}; use a whole number >= ${minimum}`);
  }
  return value;
}
