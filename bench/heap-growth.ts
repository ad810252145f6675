/**
 * Compares the service's old-generation cap (`--manage.heap_growing_percent`,
 * default 30) with V8's own growing factor, side by side in alternating
 * rounds of a closed loop of single-message signs. Each round reports the
 * rate, the p99, and from the main thread's `--trace-gc-nvp` lines the bytes
 * allocated and promoted per request and the number of full collections.
 *
 *   node --import tsx bench/heap-growth.ts [--rounds 3] [--seconds 15] [--dist DIR]
 */
import { readFileSync, statSync } from 'node:fs';
import { createApiFixture, singleSignRequests } from './support/api-setup.js';
import { parseArgs } from './support/args.js';
import { runLoad } from './support/load.js';
import { printResult, progress } from './support/report.js';
import { round } from './support/stats.js';
import { runWrk, wrkInstalled } from './support/wrk.js';

const args = parseArgs({
  rounds: 3,
  seconds: 15,
  'warmup-seconds': 5,
  clients: 64,
  dist: '',
});

/** Node arguments of each setting; a node flag takes priority over the service option. */
const SETTINGS = {
  cap: [],
  v8Own: ['--heap-growing-percent=0'],
} as const;

interface GcTotals {
  scavenges: number;
  fullCollections: number;
  allocatedBytes: number;
  promotedBytes: number;
}

/**
 * Sums the `--trace-gc-nvp` lines of the isolate that ran the most
 * scavenges, the main thread under this load. Lines that threads wrote
 * into each other are skipped.
 */
function mainThreadGc(log: string): GcTotals {
  const byIsolate = new Map<string, GcTotals>();
  for (const line of log.split('\n')) {
    const isolate = /^\[\d+:(0x[0-9a-f]+)\]/.exec(line)?.[1];
    const kind = / gc=(\w+) /.exec(line)?.[1];
    if (!isolate || !kind) {
      continue;
    }
    const totals = byIsolate.get(isolate) ?? {
      scavenges: 0,
      fullCollections: 0,
      allocatedBytes: 0,
      promotedBytes: 0,
    };
    if (kind === 's') {
      totals.scavenges += 1;
      totals.allocatedBytes += Number(/ allocated=(\d+)/.exec(line)?.[1] ?? 0);
      totals.promotedBytes += Number(/ promoted=(\d+)/.exec(line)?.[1] ?? 0);
    } else if (kind === 'mc') {
      totals.fullCollections += 1;
    }
    byIsolate.set(isolate, totals);
  }
  const ranked = [...byIsolate.values()].sort((a, b) => b.scavenges - a.scavenges);
  return ranked[0] ?? { scavenges: 0, fullCollections: 0, allocatedBytes: 0, promotedBytes: 0 };
}

const fixture = await createApiFixture('heap-growth', 1, args.dist);
const request = singleSignRequests(fixture);
const headers = { authorization: `Bearer ${fixture.token}` };
const useWrk = wrkInstalled();

/** Runs one closed loop and returns its rate, p99 and request count. */
async function closedLoop(url: string, durationMs: number) {
  if (useWrk) {
    const result = await runWrk({
      url,
      request: request(0),
      headers,
      connections: args.clients,
      durationMs,
      dir: fixture.dir,
    });
    const requests = result.requestsPerSecond * (durationMs / 1000);
    return { requestsPerSecond: result.requestsPerSecond, p99Ms: result.latencyMs.p99, requests };
  }
  const result = await runLoad({ url, request, headers, concurrency: args.clients, durationMs });
  return {
    requestsPerSecond: result.requestsPerSecond,
    p99Ms: result.latencyMs.p99,
    requests: result.requests,
  };
}

interface Round {
  round: number;
  setting: string;
  requestsPerSecond: number;
  p99Ms: number;
  allocatedBytesPerRequest: number;
  promotedBytesPerRequest: number;
  fullCollections: number;
}

const rounds: Round[] = [];
try {
  progress(`load generator: ${useWrk ? 'wrk' : 'bench/support/load.ts'}`);
  for (let index = 1; index <= args.rounds; index += 1) {
    for (const [setting, nodeArgs] of Object.entries(SETTINGS)) {
      progress(`round ${index}: ${setting}`);
      const service = await fixture.startService('disk', [...nodeArgs, '--trace-gc-nvp']);
      try {
        await closedLoop(service.url, args['warmup-seconds'] * 1000);
        const logStart = statSync(service.logFile).size;
        const load = await closedLoop(service.url, args.seconds * 1000);
        const gc = mainThreadGc(readFileSync(service.logFile).subarray(logStart).toString());
        rounds.push({
          round: index,
          setting,
          requestsPerSecond: round(load.requestsPerSecond, 0),
          p99Ms: round(load.p99Ms, 2),
          allocatedBytesPerRequest: round(gc.allocatedBytes / load.requests, 0),
          promotedBytesPerRequest: round(gc.promotedBytes / load.requests, 0),
          fullCollections: gc.fullCollections,
        });
      } finally {
        await service.stop();
      }
    }
  }
} finally {
  fixture.remove();
}

const mean = (setting: string, field: 'requestsPerSecond' | 'p99Ms') => {
  const values = rounds.filter((entry) => entry.setting === setting).map((entry) => entry[field]);
  return round(values.reduce((sum, value) => sum + value, 0) / values.length, 2);
};
printResult('heap-growth', {
  loadGenerator: useWrk ? 'wrk' : 'node',
  clients: args.clients,
  seconds: args.seconds,
  rounds,
  means: {
    cap: { requestsPerSecond: mean('cap', 'requestsPerSecond'), p99Ms: mean('cap', 'p99Ms') },
    v8Own: {
      requestsPerSecond: mean('v8Own', 'requestsPerSecond'),
      p99Ms: mean('v8Own', 'p99Ms'),
    },
  },
  capRateShare: round(mean('cap', 'requestsPerSecond') / mean('v8Own', 'requestsPerSecond'), 3),
});
