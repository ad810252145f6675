/**
 * Resident memory of the manage service with 256 hotkeys: idle after start,
 * then sampled through a soak of mixed traffic (single and batch signing,
 * verify, wallet info, health, metrics) from a fixed pool of clients. The
 * figure is the growth from the first sample after warm-up to the last,
 * and the least-squares slope over all samples. The documented soak is 30
 * minutes; pass --minutes for a shorter one.
 *
 *   node --import tsx bench/memory.ts [--minutes 30] [--clients 16] [--dist DIR] [--node-args "FLAGS"]
 */
import path from 'node:path';
import { u8aToHex } from '@polkadot/util';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady, mnemonicGenerate } from '@polkadot/util-crypto';
import { parseArgs } from './support/args.js';
import { buildCompiled } from './support/compiled.js';
import { makeTempDir, randomToken, signBody, writeBenchWallet } from './support/fixtures.js';
import { runLoad, type RequestSpec } from './support/load.js';
import { fetchMetrics, readGauge } from './support/metrics.js';
import { rssBytes } from './support/process-stats.js';
import { printResult, progress } from './support/report.js';
import { freePort, startServiceProcess } from './support/service-process.js';
import { round } from './support/stats.js';

const args = parseArgs({
  minutes: 30,
  'warmup-seconds': 60,
  clients: 16,
  hotkeys: 256,
  'sample-seconds': 5,
  dist: '',
  'node-args': '',
});
const MIB = 2 ** 20;

/** Builds the traffic mix: per 100 requests, 60 single signs, 10 batches of 64, 10 verifies, 10 info, 5 health, 5 metrics. */
function trafficMix(wallet: string, hotkeys: readonly string[]): (index: number) => RequestSpec {
  const singles = hotkeys.map((hotkey) => signBody(wallet, hotkey, 1));
  const batches = hotkeys.slice(0, 16).map((hotkey) => signBody(wallet, hotkey, 64));
  const pair = new Keyring({ type: 'sr25519' }).addFromMnemonic(mnemonicGenerate(12));
  const message = 'soak verify message';
  const verify = JSON.stringify({
    address: pair.address,
    message: { data: message },
    signature: u8aToHex(pair.sign(new TextEncoder().encode(message))),
  });
  return (index) => {
    const slot = index % 100;
    const pick = <T>(items: readonly T[]) => items[Math.floor(index / 100) % items.length]!;
    if (slot < 60) {
      return { method: 'POST', path: '/wallet/sign', body: singles[(index * 7) % singles.length]! };
    }
    if (slot < 70) {
      return { method: 'POST', path: '/wallet/sign', body: pick(batches) };
    }
    if (slot < 80) {
      return { method: 'POST', path: '/wallet/verify', body: verify };
    }
    if (slot < 90) {
      return {
        method: 'GET',
        path: `/wallet/info?wallet_name=${wallet}&hotkey_name=${pick(hotkeys)}`,
      };
    }
    return { method: 'GET', path: slot < 95 ? '/health' : '/metrics' };
  };
}

/** Least-squares slope of y over x. */
function slope(points: readonly { x: number; y: number }[]): number {
  const n = points.length;
  const meanX = points.reduce((sum, p) => sum + p.x, 0) / n;
  const meanY = points.reduce((sum, p) => sum + p.y, 0) / n;
  let numerator = 0;
  let denominator = 0;
  for (const point of points) {
    numerator += (point.x - meanX) * (point.y - meanY);
    denominator += (point.x - meanX) ** 2;
  }
  return denominator ? numerator / denominator : 0;
}

const temp = makeTempDir('memory');
let service: Awaited<ReturnType<typeof startServiceProcess>> | undefined;
try {
  await cryptoWaitReady();
  const entry = args.dist
    ? path.join(args.dist, 'dist', 'service', 'cli.js')
    : buildCompiled(path.join(temp.dir, 'build')).entry;
  progress(`writing a wallet with ${args.hotkeys} hotkeys`);
  const wallet = await writeBenchWallet(path.join(temp.dir, 'wallets'), 'bench', args.hotkeys);
  const token = randomToken();
  service = await startServiceProcess({
    walletPath: wallet.walletPath,
    dataDir: temp.dir,
    token,
    chainEndpoint: `ws://127.0.0.1:${await freePort()}`,
    entry,
    nodeArgs: args['node-args'] ? args['node-args'].split(' ') : undefined,
  });
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const idleRssMiB = rssBytes(service.pid) / MIB;

  const load = {
    url: service.url,
    request: trafficMix(wallet.name, wallet.hotkeys),
    headers: { authorization: `Bearer ${token}` },
    concurrency: args.clients,
  };
  progress(`warm-up: ${args['warmup-seconds']} s of mixed traffic`);
  await runLoad({ ...load, durationMs: args['warmup-seconds'] * 1000 });

  progress(`soak: ${args.minutes} min of mixed traffic, RSS every ${args['sample-seconds']} s`);
  const pid = service.pid;
  const startedAt = performance.now();
  const samples: { x: number; y: number }[] = [{ x: 0, y: rssBytes(pid) / MIB }];
  const timer = setInterval(() => {
    samples.push({ x: (performance.now() - startedAt) / 60_000, y: rssBytes(pid) / MIB });
  }, args['sample-seconds'] * 1000);
  const soak = await runLoad({ ...load, durationMs: args.minutes * 60_000 });
  clearInterval(timer);
  samples.push({ x: (performance.now() - startedAt) / 60_000, y: rssBytes(pid) / MIB });

  // The service's own view of its memory at the end of the soak (prom-client default metrics).
  const metricsText = await fetchMetrics(service.url);
  const mib = (name: string) => round(readGauge(metricsText, name) / MIB, 1);
  const breakdown = {
    heapTotalMiB: mib('manage_nodejs_heap_size_total_bytes'),
    heapUsedMiB: mib('manage_nodejs_heap_size_used_bytes'),
    externalMiB: mib('manage_nodejs_external_memory_bytes'),
  };

  const first = samples[0]!.y;
  const last = samples[samples.length - 1]!.y;
  const max = Math.max(...samples.map((sample) => sample.y));
  const growthPercent = ((last - first) / first) * 100;
  printResult('memory', {
    hotkeys: args.hotkeys,
    minutes: args.minutes,
    clients: args.clients,
    idleRssMiB: round(idleRssMiB, 1),
    soak: {
      requests: soak.requests,
      requestsPerSecond: round(soak.requestsPerSecond, 0),
      statuses: soak.statuses,
      p99Ms: round(soak.latencyMs.p99, 2),
    },
    rssMiB: { afterWarmup: round(first, 1), end: round(last, 1), max: round(max, 1) },
    mainThreadAtEnd: breakdown,
    growthPercent: round(growthPercent, 2),
    slopeMiBPerMinute: round(slope(samples), 3),
    samples: samples.map((sample) => `${round(sample.x, 2)} min: ${round(sample.y, 1)} MiB`),
    targets: {
      rssUnder250MiB: max < 250,
      flatWithin10Percent: Math.abs(growthPercent) <= 10,
    },
  });
} finally {
  await service?.stop();
  temp.remove();
}
