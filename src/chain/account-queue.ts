/** Too many operations are already waiting for this account; the caller should retry later. */
export class QueueFullError extends Error {
  readonly code = 'QUEUE_FULL';
  constructor(
    readonly account: string,
    readonly depth: number,
  ) {
    super(
      `${depth} transactions are already waiting for account ${account}; retry after a few seconds`,
    );
    this.name = 'QueueFullError';
  }
}

interface AccountLane {
  tail: Promise<void>;
  depth: number;
}

/**
 * Runs tasks one at a time per account, in arrival order, while different
 * accounts proceed in parallel. Substrate nonces are per account, so signing
 * the next transaction of an account must wait until the pool has accepted
 * the previous one.
 */
export class AccountQueue {
  readonly #lanes = new Map<string, AccountLane>();
  readonly #maxDepth: number;

  constructor(maxDepth = 1000) {
    this.#maxDepth = maxDepth;
  }

  /** Number of tasks running or waiting for `account`. */
  depth(account: string): number {
    return this.#lanes.get(account)?.depth ?? 0;
  }

  /** Depth of every account that has work, for metrics. */
  depths(): Map<string, number> {
    const result = new Map<string, number>();
    for (const [account, lane] of this.#lanes) {
      result.set(account, lane.depth);
    }
    return result;
  }

  run<T>(account: string, task: () => Promise<T>): Promise<T> {
    const lane = this.#lanes.get(account) ?? { tail: Promise.resolve(), depth: 0 };
    if (lane.depth >= this.#maxDepth) {
      return Promise.reject(new QueueFullError(account, lane.depth));
    }
    lane.depth += 1;
    this.#lanes.set(account, lane);

    const result = lane.tail.then(task);
    lane.tail = result.then(
      () => this.#finish(account, lane),
      () => this.#finish(account, lane),
    );
    return result;
  }

  #finish(account: string, lane: AccountLane): void {
    lane.depth -= 1;
    if (lane.depth === 0 && this.#lanes.get(account) === lane) {
      this.#lanes.delete(account);
    }
  }
}
