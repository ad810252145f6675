import type { Logger } from '../log/logger.js';
import { ManageServiceError, ServiceUnreachableError } from './errors.js';
import type { RemoteSigner } from './remote-signer.js';
import type {
  NodeSigner,
  ServeAxonRequest,
  SetWeightsRequest,
  SkippedAxon,
  TxResult,
} from './signer.js';

export interface FallbackSignerOptions {
  remote: RemoteSigner;
  /** Signer used while the service is unreachable; without it, errors reach the caller. */
  local?: NodeSigner;
  logger: Logger;
  /** Minimum time between `/health` probes while signing locally, in milliseconds. Default 30000. */
  probeIntervalMs?: number;
  /** Limit for one `/health` probe, in milliseconds; probes are not retried. Default 2000. */
  probeTimeoutMs?: number;
  /** Minimum time between warnings while the service is unreachable and no local signer exists. Default 60000. */
  unreachableLogIntervalMs?: number;
}

type Operation = 'hotkey_address' | 'sign' | 'set_weights' | 'serve_axon';

const TRANSACTIONS: ReadonlySet<Operation> = new Set(['set_weights', 'serve_axon']);

/**
 * Returns true when an error means the service cannot serve requests, so a
 * local signer may take over. A 503 CHAIN_UNAVAILABLE does not count, because
 * the chain is unreachable and local submission needs the chain too. Other
 * responses, 401 and 403 among them, come from a working service and never
 * count.
 */
export function isServiceOutage(error: unknown): boolean {
  if (error instanceof ServiceUnreachableError) {
    return true;
  }
  return (
    error instanceof ManageServiceError &&
    error.origin === 'service' &&
    error.status === 503 &&
    error.code !== 'CHAIN_UNAVAILABLE'
  );
}

/**
 * A NodeSigner that uses the manage service and, while it is unreachable,
 * a local wallet. It logs one warning when it switches to local signing,
 * probes `/health` at most every `probeIntervalMs` while local, and logs
 * once when it switches back.
 *
 * A transaction request that may have reached the service (timeout or reset
 * after sending) is not sent again locally, because the service may have
 * submitted it. That call fails, and later calls sign locally.
 */
export class FallbackSigner implements NodeSigner {
  readonly #remote: RemoteSigner;
  readonly #local: NodeSigner | undefined;
  readonly #logger: Logger;
  readonly #probeIntervalMs: number;
  readonly #probeTimeoutMs: number;
  readonly #unreachableLogIntervalMs: number;
  #localActive = false;
  #lastProbeAt = 0;
  #probe: Promise<void> | undefined;
  #switching: Promise<void> | undefined;
  #mismatchLogged = false;
  #outage: { startedAt: number; lastWarningAt: number; failures: number } | undefined;

  constructor(options: FallbackSignerOptions) {
    this.#remote = options.remote;
    this.#local = options.local;
    this.#logger = options.logger.child({ component: 'fallback-signer' });
    this.#probeIntervalMs = options.probeIntervalMs ?? 30_000;
    this.#probeTimeoutMs = options.probeTimeoutMs ?? 2000;
    this.#unreachableLogIntervalMs = options.unreachableLogIntervalMs ?? 60_000;
  }

  /** `local` while the service is unreachable and a local signer took over. */
  /** Whether a local wallet can take over while the service is unreachable. */
  get hasLocalFallback(): boolean {
    return this.#local !== undefined;
  }

  get mode(): 'remote' | 'local' {
    return this.#localActive ? 'local' : 'remote';
  }

  hotkeyAddress(): Promise<string> {
    return this.#run('hotkey_address', (signer) => signer.hotkeyAddress());
  }

  signMessages(messages: Uint8Array[]): Promise<Uint8Array[]> {
    return this.#run('sign', (signer) => signer.signMessages(messages));
  }

  setWeights(request: SetWeightsRequest): Promise<TxResult> {
    return this.#run('set_weights', (signer) => signer.setWeights(request));
  }

  serveAxon(request: ServeAxonRequest): Promise<TxResult | SkippedAxon> {
    return this.#run('serve_axon', (signer) => signer.serveAxon(request));
  }

  /** Closes the local signer when it has a `close` method (LocalSigner wipes its keystore). */
  close(): void {
    (this.#local as { close?: () => void } | undefined)?.close?.();
  }

  async #run<T>(operation: Operation, call: (signer: NodeSigner) => Promise<T>): Promise<T> {
    if (this.#localActive) {
      await this.#probeWhenDue();
    }
    const local = this.#local;
    if (this.#localActive && local !== undefined) {
      return call(local);
    }

    try {
      const result = await call(this.#remote);
      this.#endOutage();
      return result;
    } catch (error) {
      if (!isServiceOutage(error)) {
        throw error;
      }
      if (local === undefined) {
        this.#warnUnreachable(operation, error as Error);
        throw error;
      }
      await this.#switchToLocal(operation, error as Error, local);
      if (TRANSACTIONS.has(operation) && mayHaveReachedService(error)) {
        this.#logger.warn(
          {
            ...this.#keyNames(),
            operation,
            requestId: (error as ServiceUnreachableError).requestId,
          },
          'transaction not sent again locally because the service may have submitted it',
        );
        throw error;
      }
      return call(local);
    }
  }

  #switchToLocal(operation: Operation, error: Error, local: NodeSigner): Promise<void> {
    if (this.#localActive) {
      return Promise.resolve();
    }
    this.#switching ??= this.#checkSameKey(local)
      .then(() => {
        this.#localActive = true;
        this.#lastProbeAt = Date.now();
        const { wallet, hotkey } = this.#keyNames();
        this.#logger.warn(
          {
            wallet,
            hotkey,
            operation,
            reason: error.message,
            service: this.#remote.client.baseUrl,
          },
          `manage service unreachable; signing locally with wallet ${wallet} hotkey ${hotkey}`,
        );
      })
      .finally(() => {
        this.#switching = undefined;
      });
    return this.#switching;
  }

  /** Rejects the fallback when the local hotkey is not the one the service signs with. */
  async #checkSameKey(local: NodeSigner): Promise<void> {
    const remoteAddress = this.#remote.knownHotkeyAddress;
    const localAddress = await local.hotkeyAddress();
    if (remoteAddress === undefined || remoteAddress === localAddress) {
      return;
    }
    const { wallet, hotkey } = this.#keyNames();
    const message =
      `local hotkey ${localAddress} differs from hotkey ${remoteAddress} that the manage service signs with ` +
      `for wallet ${wallet} hotkey ${hotkey}; point --wallet.path, --wallet.name and --wallet.hotkey at the same key`;
    if (!this.#mismatchLogged) {
      this.#mismatchLogged = true;
      this.#logger.error(
        { wallet, hotkey, localAddress, remoteAddress },
        'local fallback refused: different hotkey',
      );
    }
    throw new Error(message);
  }

  #probeWhenDue(): Promise<void> {
    if (this.#probe !== undefined) {
      return this.#probe;
    }
    if (Date.now() - this.#lastProbeAt < this.#probeIntervalMs) {
      return Promise.resolve();
    }
    this.#lastProbeAt = Date.now();
    this.#probe = this.#remote.client
      .health({ retries: 0, timeoutMs: this.#probeTimeoutMs })
      .then(
        () => this.#switchToRemote(),
        (error: unknown) => {
          const reason = error instanceof Error ? error.message : String(error);
          this.#logger.debug(
            { reason },
            'manage service health probe failed; still signing locally',
          );
        },
      )
      .finally(() => {
        this.#probe = undefined;
      });
    return this.#probe;
  }

  #switchToRemote(): void {
    this.#localActive = false;
    this.#logger.info(
      { ...this.#keyNames(), service: this.#remote.client.baseUrl },
      'manage service reachable again; signing through it',
    );
  }

  #warnUnreachable(operation: Operation, error: Error): void {
    const now = Date.now();
    this.#outage ??= { startedAt: now, lastWarningAt: -Infinity, failures: 0 };
    this.#outage.failures += 1;
    if (now - this.#outage.lastWarningAt < this.#unreachableLogIntervalMs) {
      return;
    }
    this.#logger.warn(
      {
        ...this.#keyNames(),
        operation,
        reason: error.message,
        failures: this.#outage.failures,
        outageMs: now - this.#outage.startedAt,
      },
      'manage service unreachable and no local wallet configured; requests fail until the service is back, and each new request tries it again',
    );
    this.#outage.lastWarningAt = now;
  }

  #endOutage(): void {
    if (this.#outage === undefined) {
      return;
    }
    this.#logger.info(
      {
        ...this.#keyNames(),
        failures: this.#outage.failures,
        outageMs: Date.now() - this.#outage.startedAt,
      },
      'manage service reachable again',
    );
    this.#outage = undefined;
  }

  #keyNames(): { wallet: string; hotkey: string } {
    return { wallet: this.#remote.wallet, hotkey: this.#remote.hotkey };
  }
}

function mayHaveReachedService(error: unknown): boolean {
  return error instanceof ServiceUnreachableError && error.maybeDelivered;
}
