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

  constructor(options: ChainConnectionOptions) {
    super();
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
    api.on('error', (error: unknown) => {
      this.#logger.warn(
        { err: errorMessage(error), endpoint: this.endpoint },
        'chain connection error',
      );
    });
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

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
