import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { AuditEntry } from './audit-log.js';
import { INSERT_AUDIT_ROW, rowOf } from './audit-row.js';

/**
 * Body of the writer thread, evaluated from a string so that it runs the same
 * under tsx, vitest and compiled JavaScript. It drains every batch already
 * queued before it commits, so batches that arrive during one disk sync share
 * the next. When a grouped transaction fails (it then wrote nothing), the rows
 * are written one by one, so a bad row fails only itself.
 */
const WRITER_SOURCE = `
(async () => {
  const { parentPort, workerData, receiveMessageOnPort } = await import('node:worker_threads');
  const loaded = await import(workerData.sqliteUrl);
  const Database = loaded.default ?? loaded;
  const db = new Database(workerData.file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  const insert = db.prepare(workerData.insertSql);
  const insertAll = db.transaction((rows) => rows.map((row) => Number(insert.run(row).lastInsertRowid)));
  const insertOne = (row) => {
    try {
      return { id: Number(insert.run(row).lastInsertRowid) };
    } catch (error) {
      return { error: String(error && error.message) };
    }
  };
  let transactions = 0;
  parentPort.on('message', (first) => {
    const batches = [first];
    for (let next = receiveMessageOnPort(parentPort); next; next = receiveMessageOnPort(parentPort)) {
      batches.push(next.message);
    }
    const rows = batches.flatMap((batch) => batch.rows);
    let results;
    try {
      results = insertAll(rows).map((id) => ({ id }));
    } catch {
      results = rows.map(insertOne);
    }
    transactions += 1;
    let at = 0;
    for (const batch of batches) {
      parentPort.postMessage({ batch: batch.id, transactions, results: results.slice(at, at + batch.rows.length) });
      at += batch.rows.length;
    }
  });
  parentPort.postMessage({ ready: true });
})();
`;

interface WriterReply {
  ready?: boolean;
  batch?: number;
  transactions?: number;
  results?: { id?: number; error?: string }[];
}

interface Waiting {
  entry: AuditEntry;
  resolve: (id: number) => void;
  reject: (error: Error) => void;
}

function sqliteUrl(): string {
  const require = createRequire(import.meta.url);
  return pathToFileURL(require.resolve('better-sqlite3')).href;
}

/**
 * Writes audit entries from a worker thread with its own SQLite connection,
 * so the disk sync of each commit never blocks the event loop. Entries of
 * one event-loop turn travel as one batch, and the thread commits every batch
 * waiting for it in one transaction. A caller that awaits `append` continues
 * only once its entry is committed.
 */
export class AuditWriter {
  readonly #file: string;
  readonly #onThreadStart: ((thread: Worker) => void) | undefined;
  #worker: Worker | undefined;
  #group: Waiting[] = [];
  readonly #inFlight = new Map<number, Waiting[]>();
  #nextBatch = 1;
  #transactions = 0;
  #idle: (() => void)[] = [];

  /** `onThreadStart` receives each writer thread as it starts, so tests can stop one. */
  constructor(file: string, onThreadStart?: (thread: Worker) => void) {
    this.#file = file;
    this.#onThreadStart = onThreadStart;
    this.#worker = this.#start();
  }

  /** Transactions the writer thread has committed, for tests and benchmarks. */
  get transactions(): number {
    return this.#transactions;
  }

  /** Queues `entry` and resolves with its id once it is committed. */
  append(entry: AuditEntry): Promise<number> {
    return new Promise((resolve, reject) => {
      if (this.#group.length === 0) {
        setImmediate(() => this.#send());
      }
      this.#group.push({ entry, resolve, reject });
    });
  }

  /** Waits for every queued entry to be committed, then stops the thread. */
  async close(): Promise<void> {
    if (this.#group.length > 0 || this.#inFlight.size > 0) {
      await new Promise<void>((resolve) => this.#idle.push(resolve));
    }
    const worker = this.#worker;
    this.#worker = undefined;
    await worker?.terminate();
  }

  #send(): void {
    const group = this.#group;
    this.#group = [];
    const worker = this.#worker ?? (this.#worker = this.#start());
    const id = this.#nextBatch++;
    try {
      worker.postMessage({ id, rows: group.map((waiting) => rowOf(waiting.entry)) });
    } catch (error) {
      // A value that cannot be cloned fails its batch here, so no caller waits for a reply.
      this.#settle(group, () => ({ error: (error as Error).message }));
      this.#checkIdle();
      return;
    }
    this.#inFlight.set(id, group);
    // A pending commit keeps the process alive; an idle writer does not.
    worker.ref();
  }

  #start(): Worker {
    const worker = new Worker(WRITER_SOURCE, {
      eval: true,
      workerData: { file: this.#file, insertSql: INSERT_AUDIT_ROW, sqliteUrl: sqliteUrl() },
    });
    worker.unref();
    worker.on('message', (reply: WriterReply) => this.#receive(worker, reply));
    worker.on('error', (error) => this.#lose(worker, `${error.name}: ${error.message}`));
    worker.on('exit', (code) => this.#lose(worker, `audit writer thread exited with code ${code}`));
    this.#onThreadStart?.(worker);
    return worker;
  }

  #receive(worker: Worker, reply: WriterReply): void {
    const group = this.#inFlight.get(reply.batch ?? 0);
    if (group === undefined) {
      return;
    }
    this.#inFlight.delete(reply.batch!);
    this.#transactions = Math.max(this.#transactions, reply.transactions ?? 0);
    this.#settle(group, (index) => reply.results?.[index] ?? { error: 'no result' });
    if (this.#inFlight.size === 0) {
      worker.unref();
    }
    this.#checkIdle();
  }

  /** Fails every batch sent to a thread that died; the next batch starts a new thread. */
  #lose(worker: Worker, reason: string): void {
    if (this.#worker === worker) {
      this.#worker = undefined;
    }
    const groups = [...this.#inFlight.values()];
    this.#inFlight.clear();
    for (const group of groups) {
      this.#settle(group, () => ({ error: reason }));
    }
    this.#checkIdle();
  }

  #settle(group: Waiting[], resultOf: (index: number) => { id?: number; error?: string }): void {
    group.forEach((waiting, index) => {
      const result = resultOf(index);
      if (result.id === undefined) {
        waiting.reject(new Error(`audit write failed: ${result.error}`));
      } else {
        waiting.resolve(result.id);
      }
    });
  }

  #checkIdle(): void {
    if (this.#group.length === 0 && this.#inFlight.size === 0) {
      for (const resolve of this.#idle.splice(0)) {
        resolve();
      }
    }
  }
}
