import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  PendingCommitStore,
  RevealScheduler,
  type PendingCommit,
  type RevealReceipt,
  type RevealSender,
} from '../../src/commits/index.js';
import { captureLogger } from '../helpers/log-capture.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { newCommit } from './fixtures.js';

const temp = makeTempDir('reveal-scheduler');
const logs = captureLogger('reveal-scheduler');
let fileCount = 0;

afterAll(() => temp.remove());

class TransientError extends Error {}

/**
 * Records reveals instead of signing them: the chain is replaced by a block
 * counter the test moves, and each send returns what `answer` gives.
 */
class RecordingSender implements RevealSender {
  readonly sent: { id: number; salt: number[] }[] = [];
  answer: (commit: PendingCommit) => RevealReceipt = (commit) => ({
    txHash: `0x${commit.id.toString(16).padStart(64, '0')}`,
    blockNumber: 1,
  });

  async send(commit: PendingCommit): Promise<RevealReceipt> {
    this.sent.push({ id: commit.id, salt: commit.salt });
    return this.answer(commit);
  }

  isRetryable(error: unknown): boolean {
    return error instanceof TransientError;
  }
}

function storeFile(): string {
  fileCount += 1;
  return path.join(temp.dir, `commits-${fileCount}.sqlite`);
}

/** Stores a commit made at block 100 on netuid 2 with tempo 10, so its reveal window is 107..117. */
function committed(store: PendingCommitStore, overrides = {}): PendingCommit {
  const commit = store.insert(newCommit(overrides));
  store.markCommitted(commit.id, {
    txHash: '0x01',
    commitBlock: 100,
    firstRevealBlock: 107,
    lastRevealBlock: 117,
  });
  return store.get(commit.id)!;
}

function scheduler(store: PendingCommitStore, sender: RevealSender, chain: { block: number }) {
  return new RevealScheduler({
    store,
    sender,
    currentBlock: async () => chain.block,
    logger: logs.logger,
    intervalMs: 10,
  });
}

describe('reveal scheduler', () => {
  it('reveals once the inclusion block enters the window', async () => {
    const store = PendingCommitStore.open(storeFile());
    const sender = new RecordingSender();
    const chain = { block: 100 };
    const commit = committed(store);
    const revealer = scheduler(store, sender, chain);

    chain.block = 105;
    expect((await revealer.tick()).revealed).toEqual([]);
    expect(sender.sent).toEqual([]);

    chain.block = 106;
    const summary = await revealer.tick();
    expect(summary.revealed).toEqual([commit.id]);
    expect(sender.sent).toEqual([{ id: commit.id, salt: commit.salt }]);
    expect(store.get(commit.id)).toMatchObject({ state: 'revealed', revealBlock: 1 });

    chain.block = 107;
    await revealer.tick();
    expect(sender.sent).toHaveLength(1);
    store.close();
  });

  it('survives a restart between commit and reveal', async () => {
    const file = storeFile();
    const first = PendingCommitStore.open(file);
    const commit = committed(first);
    first.claimForReveal(commit.id);
    first.close();

    const store = PendingCommitStore.open(file);
    const sender = new RecordingSender();
    const chain = { block: 110 };
    const revealer = scheduler(store, sender, chain);
    revealer.start();
    await revealer.tick();
    await revealer.stop();

    expect(sender.sent.map((item) => item.id)).toEqual([commit.id]);
    expect(store.get(commit.id)?.state).toBe('revealed');
    store.close();
  });

  it('reveals from its own timer', async () => {
    const store = PendingCommitStore.open(storeFile());
    const sender = new RecordingSender();
    const commit = committed(store);
    const revealer = scheduler(store, sender, { block: 112 });
    revealer.start();
    for (let wait = 0; wait < 100 && store.get(commit.id)?.state !== 'revealed'; wait += 1) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await revealer.stop();
    expect(store.get(commit.id)?.state).toBe('revealed');
    store.close();
  });

  it('expires a commit whose window passed', async () => {
    const store = PendingCommitStore.open(storeFile());
    const sender = new RecordingSender();
    const commit = committed(store);
    const summary = await scheduler(store, sender, { block: 117 }).tick();
    expect(summary.expired).toEqual([commit.id]);
    expect(sender.sent).toEqual([]);
    expect(store.get(commit.id)?.state).toBe('expired');
    expect(store.get(commit.id)?.error).toContain('ended at block 117');
    store.close();
  });

  it('records a chain rejection as failed', async () => {
    const store = PendingCommitStore.open(storeFile());
    const sender = new RecordingSender();
    sender.answer = () => ({
      txHash: '0x02',
      blockNumber: 108,
      chainError: 'SubtensorModule.InvalidRevealCommitHashNotMatch',
    });
    const commit = committed(store);
    const summary = await scheduler(store, sender, { block: 107 }).tick();
    expect(summary.failed).toEqual([commit.id]);
    expect(store.get(commit.id)).toMatchObject({
      state: 'failed',
      error: 'SubtensorModule.InvalidRevealCommitHashNotMatch',
      revealTxHash: '0x02',
    });
    store.close();
  });

  it('retries after a transient error', async () => {
    const store = PendingCommitStore.open(storeFile());
    const sender = new RecordingSender();
    const commit = committed(store);
    const chain = { block: 107 };
    const revealer = scheduler(store, sender, chain);
    sender.answer = () => {
      throw new TransientError('chain node is not reachable');
    };

    expect((await revealer.tick()).retried).toEqual([commit.id]);
    expect(store.get(commit.id)).toMatchObject({
      state: 'committed',
      error: 'chain node is not reachable',
    });

    sender.answer = () => ({ txHash: '0x03', blockNumber: 109 });
    chain.block = 108;
    expect((await revealer.tick()).revealed).toEqual([commit.id]);
    expect(store.get(commit.id)?.revealAttempts).toBe(2);
    store.close();
  });

  it('fails on an error that cannot pass', async () => {
    const store = PendingCommitStore.open(storeFile());
    const sender = new RecordingSender();
    sender.answer = () => {
      throw new Error('transaction pool rejected the transaction (1010: Custom error: 6)');
    };
    const commit = committed(store);
    expect((await scheduler(store, sender, { block: 110 }).tick()).failed).toEqual([commit.id]);
    expect(store.get(commit.id)?.state).toBe('failed');
    store.close();
  });

  it('waits while the chain is away', async () => {
    const store = PendingCommitStore.open(storeFile());
    const sender = new RecordingSender();
    const commit = committed(store);
    const revealer = new RevealScheduler({
      store,
      sender,
      currentBlock: async () => {
        throw new Error('chain node ws://127.0.0.1:9 is not reachable');
      },
      logger: logs.logger,
    });
    const summary = await revealer.tick();
    expect(summary.block).toBeUndefined();
    expect(sender.sent).toEqual([]);
    expect(store.get(commit.id)?.state).toBe('committed');
    store.close();
  });

  it('never logs a salt', async () => {
    const store = PendingCommitStore.open(storeFile());
    const salt = [40_001, 40_002, 40_003, 40_004, 40_005, 40_006, 40_007, 40_008];
    const sender = new RecordingSender();
    committed(store, { salt });
    await scheduler(store, sender, { block: 110 }).tick();
    expect(sender.sent[0]?.salt).toEqual(salt);
    expect(logs.text()).not.toContain('40001');
    store.close();
  });
});
