import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { KeyUnavailableError } from './errors.js';
import type { Sr25519Pair } from './key-material.js';

/** Length of an sr25519 signature in bytes. */
export const SIGNATURE_BYTES = 64;

/**
 * Largest number of messages in one worker task. A batch is cut into tasks
 * of at most this size, and the pool takes tasks from all batches in turn,
 * so a small batch waits for a few tasks of a large one, not for all of it.
 * 32 signatures take about 3 ms with @polkadot/wasm-crypto 7.5.4, against
 * 20 to 90 µs for a task round trip (bench/sign-pool.ts on 2 Xeon vCPUs).
 */
export const MAX_TASK_MESSAGES = 32;

/**
 * Messages sent to one worker and not yet signed, at most (but always at
 * least one task). Two full tasks keep a worker busy while the event loop
 * is late to hand it the next one, and many single-message tasks can wait
 * there too, so a busy event loop does not starve the workers.
 */
const QUEUED_MESSAGES_PER_WORKER = 2 * MAX_TASK_MESSAGES;

/** Workers that may fail before becoming ready until the pool stops starting new ones. */
const MAX_START_FAILURES = 3;

/** Event loop utilization (0 to 1) from which `eventLoopBusy` reports true. */
const BUSY_UTILIZATION = 0.5;
/** Shortest window over which `eventLoopBusy` measures, in milliseconds. */
const UTILIZATION_WINDOW_MS = 100;

let utilizationMark = performance.eventLoopUtilization();
let utilizationMarkAt = performance.now();
let busy = false;

/**
 * Reports whether this thread's event loop was busy at least half of the
 * time over the last window of at least 100 ms. Call it from the main thread.
 */
export function eventLoopBusy(): boolean {
  const now = performance.now();
  if (now - utilizationMarkAt >= UTILIZATION_WINDOW_MS) {
    const current = performance.eventLoopUtilization();
    busy =
      performance.eventLoopUtilization(current, utilizationMark).utilization >= BUSY_UTILIZATION;
    utilizationMark = current;
    utilizationMarkAt = now;
  }
  return busy;
}

/**
 * Worker body, evaluated from a string so that it runs the same under tsx,
 * vitest and compiled JavaScript. Each task brings a copy of one secret key
 * and the messages packed into one buffer. The worker zeroes the key copy
 * after the task and sends back only the signatures.
 */
const WORKER_SOURCE = `
(async () => {
  const { parentPort, workerData } = await import('node:worker_threads');
  const loaded = await import(workerData.wasmCryptoUrl);
  const wasm = typeof loaded.sr25519Sign === 'function' ? loaded : loaded.default;
  await wasm.waitReady();
  parentPort.postMessage({ ready: true });
  parentPort.on('message', (task) => {
    const count = task.offsets.length - 1;
    try {
      const signatures = new Uint8Array(count * ${SIGNATURE_BYTES});
      for (let i = 0; i < count; i++) {
        const message = task.data.subarray(task.offsets[i], task.offsets[i + 1]);
        signatures.set(wasm.sr25519Sign(task.publicKey, task.secretKey, message), i * ${SIGNATURE_BYTES});
      }
      parentPort.postMessage({ id: task.id, signatures }, [signatures.buffer]);
    } catch (error) {
      parentPort.postMessage({ id: task.id, error: error instanceof Error ? error.name : 'Error' });
    } finally {
      task.secretKey.fill(0);
    }
  });
})();
`;

interface WorkerReply {
  ready?: boolean;
  id?: number;
  signatures?: Uint8Array;
  error?: string;
}

/** One `sign` call: its messages, the signatures so far, and its own copy of the secret key. */
interface Job {
  publicKey: Uint8Array;
  secretKey: Uint8Array;
  messages: readonly Uint8Array[];
  taskMessages: number;
  /** Index of the first message not yet sent to a worker. */
  nextMessage: number;
  tasksInFlight: number;
  signatures: Uint8Array;
  settled: boolean;
  resolve(signatures: Uint8Array[]): void;
  reject(error: Error): void;
}

interface Task {
  job: Job;
  firstMessage: number;
  messages: number;
}

interface PoolWorker {
  worker: Worker;
  /** True once the worker has loaded its WebAssembly module. */
  ready: boolean;
  tasks: Map<number, Task>;
  /** Messages of `tasks`, still to be signed by this worker. */
  queuedMessages: number;
}

function wasmCryptoUrl(): string {
  const require = createRequire(import.meta.url);
  return pathToFileURL(require.resolve('@polkadot/wasm-crypto')).href;
}

/** Packs messages into one transferable buffer plus the offset where each starts and ends. */
function packMessages(messages: readonly Uint8Array[]): {
  data: Uint8Array<ArrayBuffer>;
  offsets: Uint32Array<ArrayBuffer>;
} {
  const offsets = new Uint32Array(messages.length + 1);
  let total = 0;
  messages.forEach((message, index) => {
    total += message.length;
    offsets[index + 1] = total;
  });
  const data = new Uint8Array(total);
  messages.forEach((message, index) => data.set(message, offsets[index]));
  return { data, offsets };
}

function splitSignatures(signatures: Uint8Array): Uint8Array[] {
  const count = signatures.length / SIGNATURE_BYTES;
  return Array.from({ length: count }, (_, index) =>
    signatures.slice(index * SIGNATURE_BYTES, (index + 1) * SIGNATURE_BYTES),
  );
}

/**
 * Returns the task size for a batch of `count` messages: an even share per
 * worker, at most MAX_TASK_MESSAGES.
 */
export function taskSize(count: number, workers: number): number {
  return Math.max(1, Math.min(MAX_TASK_MESSAGES, Math.ceil(count / workers)));
}

function unloadedError(): KeyUnavailableError {
  return new KeyUnavailableError(
    'The keystore was unloaded and contains no secret keys; restart the service to load them',
    'KEYSTORE_UNLOADED',
  );
}

/**
 * Worker threads that sign batches with sr25519 (@polkadot/wasm-crypto), so a
 * large batch uses every core and does not block the event loop. Workers
 * start on the first `warmUp` or `sign` call. Each batch keeps a copy of its
 * secret key until it ends, and each task carries a copy of that copy, which
 * the worker zeroes when the task ends, so no worker keeps a key between tasks.
 */
export class SignPool {
  readonly size: number;
  /** One slot per worker; an empty slot starts a worker when a task needs it. */
  readonly #slots: (PoolWorker | undefined)[];
  /** Batches with messages not yet sent, served in turn one task at a time. */
  readonly #queue: Job[] = [];
  #nextTaskId = 0;
  #closed = false;
  /** Workers that exited before they were ready, since the last one that became ready. */
  #startFailures = 0;

  /** `size` defaults to one worker per CPU. */
  constructor(size = availableParallelism()) {
    if (!Number.isInteger(size) || size < 1) {
      throw new RangeError(`Sign pool size ${size} is invalid; use an integer of 1 or more`);
    }
    this.size = size;
    this.#slots = new Array<PoolWorker | undefined>(size).fill(undefined);
  }

  /**
   * Starts any worker that is not running and returns whether one is ready
   * to sign. A worker needs 100 to 300 ms to load its WebAssembly module, so
   * callers sign in their own thread until this returns true. After
   * MAX_START_FAILURES workers failed to start, no new one is started and
   * this returns false while none is ready.
   */
  warmUp(): boolean {
    if (this.#closed) {
      return false;
    }
    const mayStart = this.#startFailures < MAX_START_FAILURES;
    let ready = false;
    this.#slots.forEach((slot, index) => {
      const entry = slot ?? (mayStart ? this.#startWorker() : undefined);
      this.#slots[index] = entry;
      ready ||= entry?.ready ?? false;
    });
    return ready;
  }

  /**
   * Signs every message with `pair` in the workers; signatures come back in
   * message order. The caller keeps ownership of `pair`: the batch signs with
   * its own copy of the secret key, zeroed when the batch ends.
   */
  sign(pair: Sr25519Pair, messages: readonly Uint8Array[]): Promise<Uint8Array[]> {
    if (this.#closed) {
      return Promise.reject(unloadedError());
    }
    if (!this.warmUp() && this.#slots.every((slot) => slot === undefined)) {
      return Promise.reject(
        new Error(
          `${this.#startFailures} sign workers failed to start; check that @polkadot/wasm-crypto loads in a worker thread`,
        ),
      );
    }
    if (messages.length === 0) {
      return Promise.resolve([]);
    }
    return new Promise<Uint8Array[]>((resolve, reject) => {
      this.#queue.push({
        publicKey: pair.publicKey,
        secretKey: new Uint8Array(pair.secretKey),
        messages,
        taskMessages: taskSize(messages.length, this.size),
        nextMessage: 0,
        tasksInFlight: 0,
        signatures: new Uint8Array(messages.length * SIGNATURE_BYTES),
        settled: false,
        resolve,
        reject,
      });
      this.#dispatch();
    });
  }

  /** Messages waiting in each worker, or undefined for a worker not ready. */
  get queuedMessages(): (number | undefined)[] {
    return this.#slots.map((entry) => (entry?.ready ? entry.queuedMessages : undefined));
  }

  /** Stops every worker; pending and later batches fail with `KEYSTORE_UNLOADED`. */
  close(): void {
    this.#closed = true;
    for (const job of this.#queue.splice(0)) {
      this.#fail(job, unloadedError());
    }
    this.#slots.forEach((entry, index) => {
      this.#slots[index] = undefined;
      if (entry !== undefined) {
        this.#failTasks(entry, unloadedError());
        void entry.worker.terminate();
      }
    });
  }

  /**
   * Sends tasks, one from each queued batch in turn, each to the ready worker
   * with the fewest messages waiting. Filling one worker before the next
   * left single-message tasks queued behind up to 63 others on one worker
   * while another sat idle.
   */
  #dispatch(): void {
    while (this.#queue.length > 0) {
      const entry = this.#leastLoaded();
      if (entry === undefined) {
        return;
      }
      const job = this.#queue.shift()!;
      this.#send(entry, job);
      if (job.nextMessage < job.messages.length) {
        this.#queue.push(job);
      }
    }
  }

  /** The ready worker with room and the fewest queued messages, if any. */
  #leastLoaded(): PoolWorker | undefined {
    let best: PoolWorker | undefined;
    for (const entry of this.#slots) {
      if (
        entry?.ready &&
        this.#hasRoom(entry) &&
        (best === undefined || entry.queuedMessages < best.queuedMessages)
      ) {
        best = entry;
      }
    }
    return best;
  }

  #hasRoom(entry: PoolWorker): boolean {
    return entry.tasks.size === 0 || entry.queuedMessages < QUEUED_MESSAGES_PER_WORKER;
  }

  #send(entry: PoolWorker, job: Job): void {
    const firstMessage = job.nextMessage;
    const messages = job.messages.slice(firstMessage, firstMessage + job.taskMessages);
    job.nextMessage += messages.length;
    job.tasksInFlight += 1;

    const id = this.#nextTaskId++;
    const { data, offsets } = packMessages(messages);
    const secretKey = new Uint8Array(job.secretKey);
    entry.tasks.set(id, { job, firstMessage, messages: messages.length });
    entry.queuedMessages += messages.length;
    entry.worker.ref();
    // Transferring the copy leaves no secret bytes of this task behind in this thread.
    entry.worker.postMessage({ id, publicKey: job.publicKey, secretKey, data, offsets }, [
      secretKey.buffer,
      data.buffer,
      offsets.buffer,
    ]);
  }

  #startWorker(): PoolWorker {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { wasmCryptoUrl: wasmCryptoUrl() },
    });
    const entry: PoolWorker = { worker, ready: false, tasks: new Map(), queuedMessages: 0 };
    // An idle worker must not keep the process alive; `#send` refs it while a task is out.
    worker.unref();
    worker.on('message', (reply: WorkerReply) => this.#receive(entry, reply));
    worker.on('error', (error) => this.#retire(entry, `${error.name} in a sign worker`));
    worker.on('exit', (exitCode) =>
      this.#retire(entry, `sign worker exited with code ${exitCode}`),
    );
    return entry;
  }

  #receive(entry: PoolWorker, reply: WorkerReply): void {
    if (reply.ready) {
      entry.ready = true;
      this.#startFailures = 0;
      this.#dispatch();
      return;
    }
    const task = entry.tasks.get(reply.id ?? -1);
    if (task === undefined) {
      return;
    }
    entry.tasks.delete(reply.id!);
    entry.queuedMessages -= task.messages;
    if (entry.tasks.size === 0) {
      entry.worker.unref();
    }
    const job = task.job;
    job.tasksInFlight -= 1;
    if (reply.signatures === undefined) {
      this.#fail(job, new Error(`sr25519 signing failed in a worker thread (${reply.error})`));
    } else if (!job.settled) {
      job.signatures.set(reply.signatures, task.firstMessage * SIGNATURE_BYTES);
      if (job.nextMessage === job.messages.length && job.tasksInFlight === 0) {
        this.#finish(job);
      }
    }
    this.#dispatch();
  }

  #finish(job: Job): void {
    job.settled = true;
    job.secretKey.fill(0);
    job.resolve(splitSignatures(job.signatures));
  }

  /** Rejects a batch once; its tasks still in a worker finish there and are ignored. */
  #fail(job: Job, error: Error): void {
    if (job.settled) {
      return;
    }
    job.settled = true;
    job.secretKey.fill(0);
    const queued = this.#queue.indexOf(job);
    if (queued >= 0) {
      this.#queue.splice(queued, 1);
    }
    job.reject(error);
  }

  #failTasks(entry: PoolWorker, error: Error): void {
    for (const task of entry.tasks.values()) {
      this.#fail(task.job, error);
    }
    entry.tasks.clear();
    entry.queuedMessages = 0;
  }

  /**
   * Drops a worker that failed and fails the batches it was signing. Its
   * slot stays empty until the next call, so a worker that cannot start
   * fails batches instead of restarting in a loop.
   * NOTE: no test makes a worker fail, so this path is checked by reading only.
   */
  #retire(entry: PoolWorker, reason: string): void {
    this.#failTasks(entry, new Error(`${reason}; the batch was not signed, send it again`));
    const index = this.#slots.indexOf(entry);
    if (index < 0) {
      return;
    }
    this.#slots[index] = undefined;
    if (!entry.ready) {
      this.#startFailures += 1;
    }
    if (this.#queue.length === 0 || this.#slots.some((slot) => slot?.ready)) {
      return;
    }
    // Queued batches need a worker: start new ones, or fail the batches when none may start.
    this.warmUp();
    if (this.#slots.every((slot) => slot === undefined)) {
      for (const job of this.#queue.splice(0)) {
        this.#fail(job, new Error(`${reason}; no sign worker could start, send the batch again`));
      }
    }
  }
}
