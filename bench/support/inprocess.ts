import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import * as wasmCrypto from '@polkadot/wasm-crypto';
import { sr25519PairFromSeed, sr25519Sign } from '@polkadot/util-crypto';

/** A fixed benchmark key; it signs only random benchmark messages. */
const SEED = new Uint8Array(32).fill(42);
const MESSAGE_BYTES = 64;

function message(): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(MESSAGE_BYTES));
}

/** Signs in a tight loop for `durationMs` and returns signatures per second. */
function loopRate(durationMs: number, sign: (message: Uint8Array) => void): number {
  const payload = message();
  const started = performance.now();
  let count = 0;
  while (performance.now() - started < durationMs) {
    sign(payload);
    count++;
  }
  return count / ((performance.now() - started) / 1000);
}

/** Signatures per second of @polkadot/util-crypto 14 `sr25519Sign` (pure JavaScript) on one core. */
export function utilCryptoRate(durationMs: number): number {
  const pair = sr25519PairFromSeed(SEED);
  return loopRate(durationMs, (payload) => sr25519Sign(payload, pair));
}

/** Signatures per second of @polkadot/wasm-crypto `sr25519Sign` on one core. */
export async function wasmRate(durationMs: number): Promise<number> {
  await wasmCrypto.waitReady();
  const pair = sr25519PairFromSeed(SEED);
  return loopRate(durationMs, (payload) =>
    wasmCrypto.sr25519Sign(pair.publicKey, pair.secretKey, payload),
  );
}

const WORKER_SOURCE = `
(async () => {
  const { parentPort, workerData } = await import('node:worker_threads');
  const loaded = await import(workerData.wasmCryptoUrl);
  const wasm = typeof loaded.sr25519Sign === 'function' ? loaded : loaded.default;
  await wasm.waitReady();
  const payload = new Uint8Array(${MESSAGE_BYTES}).fill(7);
  parentPort.postMessage('ready');
  parentPort.once('message', () => {
    const started = performance.now();
    let count = 0;
    while (performance.now() - started < workerData.durationMs) {
      wasm.sr25519Sign(workerData.publicKey, workerData.secretKey, payload);
      count++;
    }
    parentPort.postMessage(count / ((performance.now() - started) / 1000));
  });
})();
`;

/**
 * Signatures per second of @polkadot/wasm-crypto on every core at once: one
 * worker thread per CPU signs in a tight loop, all started together.
 */
export async function wasmAllCoresRate(
  durationMs: number,
  threads = availableParallelism(),
): Promise<number> {
  const pair = sr25519PairFromSeed(SEED);
  const require = createRequire(import.meta.url);
  const wasmCryptoUrl = pathToFileURL(require.resolve('@polkadot/wasm-crypto')).href;
  const workers = Array.from(
    { length: threads },
    () =>
      new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: { wasmCryptoUrl, durationMs, ...pair },
      }),
  );
  try {
    await Promise.all(workers.map((worker) => nextMessage(worker)));
    const rates = workers.map((worker) => nextMessage(worker) as Promise<number>);
    workers.forEach((worker) => worker.postMessage('start'));
    const values = await Promise.all(rates);
    return values.reduce((sum, value) => sum + value, 0);
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}

function nextMessage(worker: Worker): Promise<unknown> {
  return new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

export interface InProcessRates {
  /** @polkadot/util-crypto 14 sr25519Sign, one core. */
  utilCryptoOneCore: number;
  /** @polkadot/wasm-crypto sr25519Sign, one core; the keystore's signer. */
  wasmOneCore: number;
  /** @polkadot/wasm-crypto on every core at once. */
  wasmAllCores: number;
}

/** Measures every in-process rate, one after the other, `durationMs` each. */
export async function measureInProcessRates(durationMs: number): Promise<InProcessRates> {
  return {
    utilCryptoOneCore: utilCryptoRate(durationMs),
    wasmOneCore: await wasmRate(durationMs),
    wasmAllCores: await wasmAllCoresRate(durationMs),
  };
}
