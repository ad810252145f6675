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
import { isRetryableRejection, parsePoolError } from './pool-error.js';
import { signExtrinsic } from './sign-extrinsic.js';

export type CallBuilder = (api: ApiPromise) => SubmittableExtrinsic<'promise'>;

export interface SubmitOptions {
  waitForInclusion: boolean;
  waitForFinalization: boolean;
  /** Limit for the wait after the pool accepted the transaction, in milliseconds. */
  timeoutMs: number;
}

/** Outcome of a transaction the pool accepted. */
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
  /** Resolves when the transaction leaves the pool: included, invalid, dropped or given up on. */
  poolExit: Promise<void>;
}

/**
 * Transactions of one account allowed in the pool at once. The next one is
 * signed only when one leaves, so it is signed against a recent block. With
 * a long backlog, a transaction signed early would outlive its mortal era
 * (64 blocks by default) before a block took it, and the chain would reject
 * it as AncientBirthBlock.
 */
const MAX_IN_POOL_PER_ACCOUNT = 16;

/**
 * Transactions of all accounts allowed in the pool at once, for the same
 * reason: a block builder that takes one transaction per block (chopsticks)
 * would otherwise keep the last of a large burst waiting past its era.
 */
const MAX_IN_POOL_TOTAL = 32;

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
  readonly #inPool = new Map<string, Set<Promise<void>>>();
  readonly #inPoolTotal = new Set<Promise<void>>();
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
    const first = await this.#queue.run(signer.address, () =>
      this.#signAndSend(signer, build, options),
    );
    try {
      return await first.completion;
    } catch (error) {
      if (!(error instanceof PoolRejectedError && error.reason === 'Invalid')) {
        throw error;
      }
      // An Invalid transaction left the pool and can never be included, so a
      // new signature cannot duplicate it. The usual cause after acceptance
      // is a mortal era that ran out while the transaction waited.
      this.#logger.warn(
        { account: signer.address, txHash: error.txHash },
        'transaction became invalid in the pool; signing it again once',
      );
      const second = await this.#queue.run(signer.address, () =>
        this.#signAndSend(signer, build, options),
      );
      return { ...(await second.completion), resigned: true };
    }
  }

  async #signAndSend(
    signer: KeySigner,
    build: CallBuilder,
    options: SubmitOptions,
  ): Promise<Accepted> {
    for (let attempt = 0; ; attempt += 1) {
      await this.#waitForPoolRoom(signer.address);
      const api = this.#connection.requireApi();
      const { extrinsic, nonce } = await withDeadline(
        this.#sign(api, signer, build),
        options.timeoutMs,
        () =>
          new ChainUnavailableError(
            `chain node ${this.#connection.endpoint} gave no nonce or header within ${options.timeoutMs} ms`,
          ),
      );
      const txHash = extrinsic.hash.toHex();
      try {
        // Without a deadline a reply lost with the connection would stall this
        // account's queue, and every later request of the account with it.
        const accepted = await withDeadline(
          this.#send(api, extrinsic, nonce, attempt > 0, options),
          options.timeoutMs,
          () =>
            new ChainUnavailableError(
              `chain node ${this.#connection.endpoint} did not acknowledge transaction ${txHash} within ${options.timeoutMs} ms; it may still be included`,
              txHash,
            ),
        );
        this.#nonces.accepted(signer.address, nonce);
        this.#trackInPool(signer.address, accepted.poolExit);
        accepted.completion.catch(() => this.#nonces.reset(signer.address));
        return accepted;
      } catch (error) {
        this.#nonces.reset(signer.address);
        const info = parsePoolError(error);
        if (info && isRetryableRejection(info) && attempt === 0) {
          this.#logger.info(
            { account: signer.address, nonce, txHash, reason: info.reason },
            'transaction rejected for its nonce or era; signing again with a fresh nonce and block',
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

  async #waitForPoolRoom(account: string): Promise<void> {
    for (;;) {
      // A lost connection ends the wait at once; the next requireApi() then fails fast.
      this.#connection.requireApi();
      const pending = this.#inPool.get(account);
      if (pending && pending.size >= MAX_IN_POOL_PER_ACCOUNT) {
        await this.#untilExitOrStateChange(pending);
      } else if (this.#inPoolTotal.size >= MAX_IN_POOL_TOTAL) {
        await this.#untilExitOrStateChange(this.#inPoolTotal);
      } else {
        return;
      }
    }
  }

  /** Waits until one of `exits` resolves or the connection changes state. */
  async #untilExitOrStateChange(exits: Set<Promise<void>>): Promise<void> {
    let onState: (() => void) | undefined;
    const stateChange = new Promise<void>((resolve) => {
      onState = resolve;
      this.#connection.once('state', onState);
    });
    try {
      await Promise.race([...exits, stateChange]);
    } finally {
      this.#connection.off('state', onState!);
    }
  }

  #trackInPool(account: string, poolExit: Promise<void>): void {
    const pending = this.#inPool.get(account) ?? new Set<Promise<void>>();
    pending.add(poolExit);
    this.#inPool.set(account, pending);
    this.#inPoolTotal.add(poolExit);
    void poolExit.then(() => {
      pending.delete(poolExit);
      this.#inPoolTotal.delete(poolExit);
      if (pending.size === 0 && this.#inPool.get(account) === pending) {
        this.#inPool.delete(account);
      }
    });
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
        return { completion: waiter.completion, poolExit: waiter.poolExit };
      });
  }
}

type OutcomeBase = Pick<TxOutcome, 'txHash' | 'nonce' | 'resigned'>;

/** Follows one extrinsic's status stream until the outcome the caller asked for. */
class StatusWaiter {
  readonly completion: Promise<TxOutcome>;
  readonly poolExit: Promise<void>;
  #leavePool!: () => void;
  #left = false;
  readonly #leftTimer: NodeJS.Timeout;
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
    this.poolExit = new Promise<void>((resolve) => {
      this.#leavePool = resolve;
    });
    // A transaction that never reports leaving the pool stops counting after this long.
    this.#leftTimer = setTimeout(() => this.#markLeft(), Math.max(options.timeoutMs, 60_000));
    this.#leftTimer.unref();
    this.#onState = (state) => {
      if (state === 'disconnected' || state === 'closed') {
        this.#markLeft();
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
    if (this.#left) {
      this.#release();
    }
    if (this.#settled) {
      return;
    }
    if (!this.#waits()) {
      this.#succeed({ ...this.base, status: 'submitted' });
    }
  }

  onStatus(status: ExtrinsicStatus): void {
    const leaves =
      status.isInBlock ||
      status.isFinalized ||
      status.isInvalid ||
      status.isDropped ||
      status.isUsurped;
    if (this.#settled) {
      if (leaves) {
        this.#markLeft();
      }
      return;
    }
    this.#handleStatus(status);
    if (leaves) {
      this.#markLeft();
    }
  }

  #handleStatus(status: ExtrinsicStatus): void {
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
    return true;
  }

  /** Ends the pool tracking: the transaction is in a block, rejected, or given up on. */
  #markLeft(): void {
    if (this.#left) {
      return;
    }
    this.#left = true;
    clearTimeout(this.#leftTimer);
    this.#leavePool();
    this.#release();
  }

  #release(): void {
    this.connection.off('state', this.#onState);
    try {
      this.#unsubscribe?.();
    } catch {
      // The subscription is gone with a dropped connection; nothing to release.
    }
    this.#unsubscribe = undefined;
  }
}

/** Rejects with `onTimeout()` when `promise` has not settled within `ms`. */
function withDeadline<T>(promise: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
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
