import type { ApiPromise } from '@polkadot/api';
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import type { ExtrinsicStatus } from '@polkadot/types/interfaces';
import type { KeySigner } from '../keystore/signer.js';
import type { Logger } from '../log/logger.js';
import { AccountQueue } from './account-queue.js';
import type { ChainConnection, ConnectionState } from './connection.js';
import type { DecodedDispatchError } from './dispatch-error.js';
import { ChainUnavailableError, PoolRejectedError, TxTimeoutError } from './errors.js';
import { UnsupportedCallError } from './calls.js';
import { readInclusion, type ExtrinsicEvent } from './inclusion.js';
import { NonceTracker } from './nonce-tracker.js';
import { isNonceConflict, parsePoolError } from './pool-error.js';
import { signExtrinsic } from './sign-extrinsic.js';

export type CallBuilder = (api: ApiPromise) => SubmittableExtrinsic<'promise'>;

export interface SubmitOptions {
  waitForInclusion: boolean;
  waitForFinalization: boolean;
  /** Limit for the wait after the pool accepted the transaction, in milliseconds. */
  timeoutMs: number;
}

/** What happened to a transaction the pool accepted. */
export interface TxOutcome {
  txHash: string;
  nonce: number;
  /** `submitted`: accepted by the pool, not waited for. */
  status: 'submitted' | 'in_block' | 'finalized';
  blockHash?: string;
  blockNumber?: number;
  events?: ExtrinsicEvent[];
  /** Set when the extrinsic was included but its dispatch failed. */
  dispatchError?: DecodedDispatchError;
  /** True when the first signature was rejected for its nonce and a new one was sent. */
  resigned: boolean;
}

export interface SubmitterOptions {
  /** Mortality window in blocks (Substrate rounds it to a power of two). */
  eraPeriod?: number;
  maxQueueDepth?: number;
}

interface Accepted {
  completion: Promise<TxOutcome>;
}

/**
 * Signs and submits transactions with a per-account queue: the nonce comes
 * from `system_accountNextIndex` (which counts the pool), and the next
 * transaction of an account is signed only after the pool acknowledged the
 * previous one. A `stale`, `future` or `Priority is too low` rejection gets a
 * fresh nonce and one new signature; the rejected one never entered the pool,
 * so no duplicate can land.
 */
export class TransactionSubmitter {
  readonly #connection: ChainConnection;
  readonly #logger: Logger;
  readonly #queue: AccountQueue;
  readonly #nonces = new NonceTracker();
  readonly #eraPeriod: number;

  constructor(connection: ChainConnection, logger: Logger, options: SubmitterOptions = {}) {
    this.#connection = connection;
    this.#logger = logger.child({ component: 'submitter' });
    this.#queue = new AccountQueue(options.maxQueueDepth);
    this.#eraPeriod = options.eraPeriod ?? 64;
  }

  get queue(): AccountQueue {
    return this.#queue;
  }

  async submit(signer: KeySigner, build: CallBuilder, options: SubmitOptions): Promise<TxOutcome> {
    this.#connection.requireApi();
    const accepted = await this.#queue.run(signer.address, () =>
      this.#signAndSend(signer, build, options),
    );
    return accepted.completion;
  }

  async #signAndSend(
    signer: KeySigner,
    build: CallBuilder,
    options: SubmitOptions,
  ): Promise<Accepted> {
    for (let attempt = 0; ; attempt += 1) {
      const api = this.#connection.requireApi();
      const { extrinsic, nonce } = await this.#sign(api, signer, build);
      const txHash = extrinsic.hash.toHex();
      try {
        const accepted = await this.#send(api, extrinsic, nonce, attempt > 0, options);
        this.#nonces.accepted(signer.address, nonce);
        accepted.completion.catch(() => this.#nonces.reset(signer.address));
        return accepted;
      } catch (error) {
        this.#nonces.reset(signer.address);
        const info = parsePoolError(error);
        if (info && isNonceConflict(info) && attempt === 0) {
          this.#logger.info(
            { account: signer.address, nonce, txHash, reason: info.reason },
            'nonce conflict; signing again with a fresh nonce',
          );
          continue;
        }
        if (info) {
          throw new PoolRejectedError(
            `transaction pool rejected the transaction (${info.rpcCode}: ${info.reason})`,
            info.kind === 'custom' ? `Custom error: ${info.customCode}` : info.kind,
            info.rpcCode,
            txHash,
          );
        }
        throw toChainError(error, this.#connection.endpoint);
      }
    }
  }

  async #sign(api: ApiPromise, signer: KeySigner, build: CallBuilder) {
    const [nextIndex, header] = await Promise.all([
      api.rpc.system.accountNextIndex(signer.address),
      api.rpc.chain.getHeader(),
    ]).catch((error: unknown) => {
      // The connection can drop between the readiness check and these reads.
      throw toChainError(error, this.#connection.endpoint);
    });
    const nonce = this.#nonces.choose(signer.address, nextIndex.toNumber());
    const extrinsic = signExtrinsic(api.registry, build(api), signer, {
      genesisHash: api.genesisHash.toHex(),
      specVersion: api.runtimeVersion.specVersion.toNumber(),
      transactionVersion: api.runtimeVersion.transactionVersion.toNumber(),
      nonce,
      eraBlockHash: header.hash.toHex(),
      eraBlockNumber: header.number.toNumber(),
      eraPeriod: this.#eraPeriod,
    });
    return { extrinsic, nonce };
  }

  /** Resolves once the pool accepted the extrinsic; `completion` then follows its status. */
  #send(
    api: ApiPromise,
    extrinsic: SubmittableExtrinsic<'promise'>,
    nonce: number,
    resigned: boolean,
    options: SubmitOptions,
  ): Promise<Accepted> {
    const txHash = extrinsic.hash.toHex();
    const base = { txHash, nonce, resigned };
    const waiter = new StatusWaiter(api, this.#connection, base, options, this.#logger);
    return api.rpc.author
      .submitAndWatchExtrinsic(extrinsic, (status) => waiter.onStatus(status))
      .then((unsubscribe) => {
        waiter.attach(unsubscribe);
        return { completion: waiter.completion };
      });
  }
}

type OutcomeBase = Pick<TxOutcome, 'txHash' | 'nonce' | 'resigned'>;

/** Follows one extrinsic's status stream until the outcome the caller asked for. */
class StatusWaiter {
  readonly completion: Promise<TxOutcome>;
  #resolve!: (outcome: TxOutcome) => void;
  #reject!: (error: Error) => void;
  #settled = false;
  #unsubscribe: (() => void) | undefined;
  readonly #timer: NodeJS.Timeout | undefined;
  readonly #onState: (state: ConnectionState) => void;

  constructor(
    private readonly api: ApiPromise,
    private readonly connection: ChainConnection,
    private readonly base: OutcomeBase,
    private readonly options: SubmitOptions,
    private readonly logger: Logger,
  ) {
    this.completion = new Promise<TxOutcome>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    // Callers who asked for nothing still get a settled promise without an unhandled rejection.
    this.completion.catch(() => undefined);
    this.#onState = (state) => {
      if (state === 'disconnected' || state === 'closed') {
        this.#fail(
          new ChainUnavailableError(
            `connection to the chain dropped after transaction ${base.txHash} was accepted; it may still be included`,
            base.txHash,
          ),
        );
      }
    };
    connection.on('state', this.#onState);
    if (this.#waits()) {
      this.#timer = setTimeout(() => {
        const target = options.waitForFinalization ? 'finalization' : 'inclusion';
        this.#fail(
          new TxTimeoutError(
            `transaction ${base.txHash} reached no ${target} within ${options.timeoutMs} ms; it may still be included`,
            base.txHash,
          ),
        );
      }, options.timeoutMs);
    }
  }

  #waits(): boolean {
    return this.options.waitForInclusion || this.options.waitForFinalization;
  }

  attach(unsubscribe: () => void): void {
    this.#unsubscribe = unsubscribe;
    if (this.#settled) {
      unsubscribe();
      return;
    }
    if (!this.#waits()) {
      this.#succeed({ ...this.base, status: 'submitted' });
    }
  }

  onStatus(status: ExtrinsicStatus): void {
    if (this.#settled) {
      return;
    }
    if (status.isInBlock && !this.options.waitForFinalization && this.options.waitForInclusion) {
      void this.#complete('in_block', status.asInBlock.toHex());
    } else if (status.isFinalized) {
      void this.#complete('finalized', status.asFinalized.toHex());
    } else if (status.isInvalid || status.isDropped || status.isUsurped) {
      this.#fail(
        new PoolRejectedError(
          `transaction ${this.base.txHash} left the pool with status ${status.type}`,
          status.type,
          undefined,
          this.base.txHash,
        ),
      );
    } else if (status.isFinalityTimeout) {
      this.#fail(
        new TxTimeoutError(
          `transaction ${this.base.txHash} was included but finality timed out`,
          this.base.txHash,
        ),
      );
    } else if (status.isRetracted) {
      this.logger.warn({ txHash: this.base.txHash }, 'block with the transaction was retracted');
    }
  }

  async #complete(status: 'in_block' | 'finalized', blockHash: string): Promise<void> {
    try {
      const details = await readInclusion(this.api, blockHash, this.base.txHash);
      this.#succeed({
        ...this.base,
        status,
        blockHash,
        blockNumber: details.blockNumber,
        events: details.events,
        dispatchError: details.dispatchError,
      });
    } catch (error) {
      this.#fail(toChainError(error, this.connection.endpoint, this.base.txHash));
    }
  }

  #succeed(outcome: TxOutcome): void {
    if (this.#finish()) {
      this.#resolve(outcome);
    }
  }

  #fail(error: Error): void {
    if (this.#finish()) {
      this.#reject(error);
    }
  }

  #finish(): boolean {
    if (this.#settled) {
      return false;
    }
    this.#settled = true;
    clearTimeout(this.#timer);
    this.connection.off('state', this.#onState);
    try {
      this.#unsubscribe?.();
    } catch {
      // The subscription is gone with a dropped connection; nothing to release.
    }
    return true;
  }
}

/** Maps transport failures to ChainUnavailableError; errors of this project pass through. */
function toChainError(error: unknown, endpoint: string, txHash?: string): Error {
  if (
    error instanceof ChainUnavailableError ||
    error instanceof PoolRejectedError ||
    error instanceof TxTimeoutError ||
    error instanceof UnsupportedCallError
  ) {
    return error;
  }
  const message = error instanceof Error ? error.message : String(error);
  return new ChainUnavailableError(`chain node ${endpoint} request failed: ${message}`, txHash);
}
