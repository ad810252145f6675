/**
 * Latency of signing one batch in the calling thread versus in the
 * keystore's worker pool (src/keystore/sign-pool.ts), which splits it over
 * its workers, by batch size. A single message shows the cost of one worker
 * round trip, and the table shows where the pool starts to pay off.
 *
 *   node --import tsx bench/sign-pool.ts [--rounds 200]
 */
import * as wasmCrypto from '@polkadot/wasm-crypto';
import { sr25519PairFromSeed } from '@polkadot/util-crypto';
import { MAX_TASK_MESSAGES, SignPool } from '../src/keystore/sign-pool.js';
import { parseArgs } from './support/args.js';
import { printResult, progress } from './support/report.js';
import { median, round } from './support/stats.js';

const BATCH_SIZES = [1, 2, 4, 8, 16, 32, 64, 256, 1024];
const args = parseArgs({ rounds: 200 });

function makeBatch(size: number): Uint8Array[] {
  return Array.from({ length: size }, () => crypto.getRandomValues(new Uint8Array(64)));
}

async function timeRounds(rounds: number, run: () => Promise<unknown> | unknown): Promise<number> {
  const samples: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const started = performance.now();
    await run();
    samples.push(performance.now() - started);
  }
  return median(samples);
}

async function waitUntilWarm(pool: SignPool): Promise<void> {
  while (!pool.warmUp()) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

await wasmCrypto.waitReady();
const pair = sr25519PairFromSeed(new Uint8Array(32).fill(42));
const pool = new SignPool();
await waitUntilWarm(pool);
// Each worker needs its first tasks to compile the hot code path.
await Promise.all(Array.from({ length: 20 }, () => pool.sign(pair, makeBatch(256))));

const rows = [];
for (const size of BATCH_SIZES) {
  const batch = makeBatch(size);
  const rounds = Math.max(10, Math.round((args.rounds * 16) / Math.max(size, 16)));
  progress(`batch of ${size}: ${rounds} rounds each way`);
  const inThreadMs = await timeRounds(rounds, () =>
    batch.map((message) => wasmCrypto.sr25519Sign(pair.publicKey, pair.secretKey, message)),
  );
  const poolMs = await timeRounds(rounds, () => pool.sign(pair, batch));
  rows.push({
    messages: size,
    inThreadMs: round(inThreadMs, 3),
    poolMs: round(poolMs, 3),
    poolSpeedup: round(inThreadMs / poolMs, 2),
  });
}
pool.close();

const single = rows[0]!;
printResult('sign-pool', {
  workers: pool.size,
  maxTaskMessages: MAX_TASK_MESSAGES,
  roundTripOverheadMs: round(single.poolMs - single.inThreadMs, 3),
  medianBatchLatency: rows,
});
