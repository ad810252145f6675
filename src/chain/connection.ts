import '@polkadot/api-augment/substrate';
import { EventEmitter } from 'node:events';
import { ApiPromise, WsProvider } from '@polkadot/api';
import type { Logger } from '../log/logger.js';
import { ChainUnavailableError } from './errors.js';
import { SUBTENSOR_SIGNED_EXTENSIONS } from './signed-extensions.js';

export type ConnectionState = 'connecting' | 'ready' | 'disconnected' | 'closed';

export interface ChainConnectionOptions {
  endpoint: string;
  logger: Logger;
  /** Delay between reconnection attempts, in milliseconds. */
  reconnectDelayMs?: number;
}

interface ConnectionEvents {
  state: [ConnectionState];
  block: [number];
}

const ERROR_LOG_INTERVAL_MS = 30_000;

/**
 * One WebSocket connection to a Subtensor node, kept open for the life of
 * the process. `@polkadot/api` reconnects by itself after a drop; this class
 * tracks the state so callers can fail fast while the chain is away.
 */
export class ChainConnection extends EventEmitter<ConnectionEvents> {
  readonly endpoint: string;
  readonly #logger: Logger;
  readonly #reconnectDelayMs: number;
  #api: ApiPromise | undefined;
  #provider: WsProvider | undefined;
  #state: ConnectionState = 'connecting';
  #bestBlock = 0;
  #unsubscribeHeads: (() => void) | undefined;
  #initialised = false;
  #lastErrorLog = 0;
  #errorsSinceLog = 0;

  constructor(options: ChainConnectionOptions) {
    super();
    // Every transaction waiting in the pool listens for state changes.
    this.setMaxListeners(0);
    this.endpoint = options.endpoint;
    this.#logger = options.logger.child({ component: 'chain' });
    this.#reconnectDelayMs = options.reconnectDelayMs ?? 1000;
  }

  get state(): ConnectionState {
    return this.#state;
  }

  get bestBlock(): number {
    return this.#bestBlock;
  }

  /** Starts connecting in the background; `waitUntilReady` reports the outcome. */
  start(): void {
    if (this.#api) {
      return;
    }
    const provider = new WsProvider(this.endpoint, this.#reconnectDelayMs);
    const api = new ApiPromise({
      provider,
      signedExtensions: SUBTENSOR_SIGNED_EXTENSIONS,
      noInitWarn: true,
      throwOnConnect: false,
    });
    this.#api = api;
    this.#provider = provider;
    // `isReadyOrError` rejects on the first connection error, and nothing else
    // awaits it; unhandled, that rejection would end the process.
    api.isReadyOrError.catch(() => undefined);
    api.on('ready', () => {
      this.#initialised = true;
      this.#onReady(api);
    });
    api.on('connected', () => {
      // After a reconnect the metadata is already loaded, so `ready` does not fire again.
      if (this.#initialised) {
        this.#onReady(api);
      }
    });
    api.on('disconnected', () => this.#setState('disconnected'));
    api.on('error', (error: unknown) => this.#logError(error));
  }

  /**
   * Logs a connection error at most once per `ERROR_LOG_INTERVAL_MS`, with
   * the number of errors since the last line: the provider retries every
   * second while the chain is away.
   */
  #logError(error: unknown): void {
    this.#errorsSinceLog += 1;
    const now = Date.now();
    if (now - this.#lastErrorLog < ERROR_LOG_INTERVAL_MS) {
      return;
    }
    this.#logger.warn(
      { err: errorMessage(error), endpoint: this.endpoint, errors: this.#errorsSinceLog },
      'chain connection error; reconnecting',
    );
    this.#lastErrorLog = now;
    this.#errorsSinceLog = 0;
  }

  #onReady(api: ApiPromise): void {
    if (this.#state === 'ready' || this.#state === 'closed') {
      return;
    }
    this.#setState('ready');
    this.#subscribeHeads(api);
  }

  #subscribeHeads(api: ApiPromise): void {
    this.#unsubscribeHeads?.();
    this.#unsubscribeHeads = undefined;
    api.rpc.chain
      .subscribeNewHeads((header) => {
        this.#bestBlock = header.number.toNumber();
        this.emit('block', this.#bestBlock);
      })
      .then((unsubscribe) => {
        this.#unsubscribeHeads = unsubscribe;
      })
      .catch((error: unknown) => {
        this.#logger.warn({ err: errorMessage(error) }, 'new-head subscription failed');
      });
  }

  #setState(state: ConnectionState): void {
    if (this.#state === state || this.#state === 'closed') {
      return;
    }
    const previous = this.#state;
    this.#state = state;
    const level = state === 'disconnected' ? 'warn' : 'info';
    this.#logger[level]({ endpoint: this.endpoint, state, previous }, 'chain connection state');
    this.emit('state', state);
  }

  /** Returns the API when the connection is ready; throws ChainUnavailableError otherwise. */
  requireApi(): ApiPromise {
    if (this.#state !== 'ready' || !this.#api?.isConnected) {
      throw new ChainUnavailableError(
        `chain node ${this.endpoint} is not reachable (state ${this.#state}); retry when /ready reports the chain connected`,
      );
    }
    return this.#api;
  }

  /** Resolves with the API once connected, or rejects after `timeoutMs`. */
  waitUntilReady(timeoutMs: number): Promise<ApiPromise> {
    this.start();
    if (this.#state === 'ready') {
      return Promise.resolve(this.requireApi());
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.off('state', onState);
        reject(
          new ChainUnavailableError(
            `no connection to chain node ${this.endpoint} after ${timeoutMs} ms; check that it runs and the endpoint is right`,
          ),
        );
      }, timeoutMs);
      const onState = (state: ConnectionState) => {
        if (state === 'ready') {
          clearTimeout(timer);
          this.off('state', onState);
          resolve(this.requireApi());
        }
      };
      this.on('state', onState);
    });
  }

  /** Sends a raw JSON-RPC request, for node-specific methods the API does not decorate. */
  async send<T>(method: string, params: unknown[]): Promise<T> {
    this.requireApi();
    return (await this.#provider!.send(method, params)) as T;
  }

  async close(): Promise<void> {
    this.#setState('closed');
    this.#unsubscribeHeads?.();
    const api = this.#api;
    this.#api = undefined;
    if (api) {
      await api.disconnect().catch(() => undefined);
    }
  }
}

/** Message of an Error, or of a WebSocket error event, which carries its error in `error`. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) {
    return error.message;
  }
  if (error && typeof error === 'object' && 'error' in error && error.error instanceof Error) {
    return error.error.message;
  }
  if (error && typeof error === 'object' && 'message' in error) {
    return String(error.message);
  }
  return String(error);
}
