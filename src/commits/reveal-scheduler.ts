import type { Logger } from '../log/logger.js';
import type { PendingCommit, PendingCommitStore } from './pending-commit-store.js';
import { revealStoredCommit, type RevealSender } from './reveal-commit.js';
import { windowPosition } from './reveal-window.js';

/** Default time between two checks of the pending commits: half a 12 s block. */
export const DEFAULT_REVEAL_INTERVAL_MS = 6_000;

export interface RevealSchedulerOptions {
  store: PendingCommitStore;
  sender: RevealSender;
  /** Reads the chain's best block number. */
  currentBlock: () => Promise<number>;
  logger: Logger;
  intervalMs?: number;
}

/** Result of one pass over the pending commits. */
export interface TickSummary {
  block: number | undefined;
  revealed: number[];
  failed: number[];
  retried: number[];
  expired: number[];
}

/**
 * Reveals stored hash commits in their reveal epoch. Each tick reads the best
 * block, expires commits whose window has passed and reveals those whose
 * window is open. State lives in the store only, so a restarted service picks
 * up where the last one stopped.
 */
export class RevealScheduler {
  readonly #store: PendingCommitStore;
  readonly #sender: RevealSender;
  readonly #currentBlock: () => Promise<number>;
  readonly #logger: Logger;
  readonly #intervalMs: number;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<TickSummary> | undefined;
  #chainErrorLogged = false;

  constructor(options: RevealSchedulerOptions) {
    this.#store = options.store;
    this.#sender = options.sender;
    this.#currentBlock = options.currentBlock;
    this.#logger = options.logger.child({ component: 'reveal-scheduler' });
    this.#intervalMs = options.intervalMs ?? DEFAULT_REVEAL_INTERVAL_MS;
  }

  /** Resolves states an earlier process left behind, then checks every `intervalMs`. */
  start(): void {
    if (this.#timer) {
      return;
    }
    const recovered = this.#store.recoverInterrupted();
    if (recovered > 0) {
      this.#logger.warn({ recovered }, 'resolved commits left in flight by a stopped service');
    }
    this.#timer = setInterval(() => void this.tick(), this.#intervalMs);
    this.#timer.unref();
    this.#logger.info({ intervalMs: this.#intervalMs }, 'reveal scheduler started');
  }

  /** Stops the timer and waits for a tick in progress. */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#running;
  }

  /** Runs one pass; a pass still running is awaited instead of overlapping it. */
  tick(): Promise<TickSummary> {
    this.#running ??= this.#pass().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  async #pass(): Promise<TickSummary> {
    const summary: TickSummary = {
      block: undefined,
      revealed: [],
      failed: [],
      retried: [],
      expired: [],
    };
    const pending = this.#store.list({ states: ['committed'], limit: 1000 });
    if (pending.length === 0) {
      return summary;
    }
    const block = await this.#readBlock();
    if (block === undefined) {
      return summary;
    }
    summary.block = block;

    for (const commit of pending) {
      if (commit.firstRevealBlock === null || commit.lastRevealBlock === null) {
        continue;
      }
      const position = windowPosition(
        { firstRevealBlock: commit.firstRevealBlock, lastRevealBlock: commit.lastRevealBlock },
        block,
      );
      if (position === 'passed') {
        this.#store.markExpired(commit.id, block);
        this.#logger.warn({ commitId: commit.id, block }, 'reveal window passed; commit expired');
        summary.expired.push(commit.id);
      } else if (position === 'open') {
        await this.#reveal(commit, summary);
      }
    }
    return summary;
  }

  async #reveal(commit: PendingCommit, summary: TickSummary): Promise<void> {
    const context = { commitId: commit.id, hotkey: commit.hotkeyAddress, netuid: commit.netuid };
    try {
      const receipt = await revealStoredCommit(this.#store, commit, this.#sender);
      if (receipt.chainError !== undefined) {
        this.#logger.warn({ ...context, chainError: receipt.chainError }, 'chain rejected reveal');
        summary.failed.push(commit.id);
      } else {
        this.#logger.info({ ...context, txHash: receipt.txHash }, 'weights revealed');
        summary.revealed.push(commit.id);
      }
    } catch (error) {
      const retry = this.#sender.isRetryable(error);
      const err = error instanceof Error ? error.message : String(error);
      this.#logger.warn({ ...context, err, retry }, 'reveal failed');
      (retry ? summary.retried : summary.failed).push(commit.id);
    }
  }

  /** Reads the best block; logs the first failure of a run of failures only. */
  async #readBlock(): Promise<number | undefined> {
    try {
      const block = await this.#currentBlock();
      this.#chainErrorLogged = false;
      return block;
    } catch (error) {
      if (!this.#chainErrorLogged) {
        const err = error instanceof Error ? error.message : String(error);
        this.#logger.warn({ err }, 'cannot read the best block; reveals wait for the chain');
        this.#chainErrorLogged = true;
      }
      return undefined;
    }
  }
}
