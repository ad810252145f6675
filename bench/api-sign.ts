/**
 * Single-message signing through the API (POST /wallet/sign, one message per
 * request) from 64 concurrent clients, side by side with the in-process
 * signing rate and two ceilings: a bare Fastify no-op route and the service's
 * /health. Capacity comes from a closed loop. Latency also comes from open
 * loops at the target rate (half the in-process rate of one core) and at half
 * the measured capacity. The service runs in a child process; the load
 * generator shares the machine. When wrk is installed, the closed loop runs a
 * second time with wrk, a load generator written in C. With --tmpfs-audit 1
 * the service runs a second time with its audit database on tmpfs, which
 * shows what the fsync of each audit record costs. That run is an
 * experiment, not a setting to deploy.
 *
 *   node --import tsx bench/api-sign.ts [--seconds 20] [--clients 64] [--tmpfs-audit 1] [--dist DIR]
 */
import { createApiFixture, singleSignRequests } from './support/api-setup.js';
import { measureRoute, measureServiceRoute } from './support/api-run.js';
import { parseArgs } from './support/args.js';
import { utilCryptoRate, wasmRate } from './support/inprocess.js';
import { cpuMeter } from './support/process-stats.js';
import { printResult, progress } from './support/report.js';
import { round } from './support/stats.js';
import { runWrk, wrkInstalled } from './support/wrk.js';

const args = parseArgs({
  seconds: 20,
  'warmup-seconds': 5,
  clients: 64,
  'inprocess-seconds': 5,
  dist: '',
  'tmpfs-audit': 1,
});
const durationMs = args.seconds * 1000;
const warmupMs = args['warmup-seconds'] * 1000;
const fixture = await createApiFixture('api-sign', 1, args.dist);
const signLoad = {
  request: singleSignRequests(fixture),
  headers: { authorization: `Bearer ${fixture.token}` },
  concurrency: args.clients,
  durationMs,
  warmupMs,
};

/**
 * The closed loop again with wrk in place of the Node load generator, when
 * wrk is installed: what the service does when the generator takes less of
 * the two CPUs.
 */
async function measureWithWrk(service: { url: string; pid: number }) {
  if (!wrkInstalled()) {
    progress('wrk is not installed (apt-get install wrk), so the wrk closed loop is skipped');
    return undefined;
  }
  progress('service, closed loop with wrk');
  const wrkLoad = {
    url: service.url,
    request: signLoad.request(0),
    headers: signLoad.headers,
    connections: args.clients,
    dir: fixture.dir,
  };
  await runWrk({ ...wrkLoad, durationMs: warmupMs });
  const stop = cpuMeter(service.pid);
  const result = await runWrk({ ...wrkLoad, durationMs });
  const cpu = stop();
  return {
    ...result,
    serverCores: round(cpu.processCores, 2),
    serverMainThreadCores: round(cpu.mainThreadCores, 2),
  };
}

try {
  progress(`in-process signing, ${args['inprocess-seconds']} s per implementation`);
  const inProcess = {
    wasmOneCore: round(await wasmRate(args['inprocess-seconds'] * 1000), 0),
    utilCryptoOneCore: round(utilCryptoRate(args['inprocess-seconds'] * 1000), 0),
  };

  progress('bare Fastify no-op route');
  const noop = await fixture.startNoopServer();
  const noopFigures = await measureRoute(noop.pid, {
    ...signLoad,
    url: noop.url,
    request: (index) => ({ ...signLoad.request(index), path: '/noop' }),
  });
  await noop.stop();

  progress('service, audit database on disk');
  const service = await fixture.startService('disk');
  const health = await measureRoute(service.pid, {
    url: service.url,
    request: { method: 'GET', path: '/health' },
    concurrency: args.clients,
    durationMs,
    warmupMs,
  });
  const sign = await measureServiceRoute(service, { ...signLoad, url: service.url });
  const targetRate = Math.round(0.5 * inProcess.wasmOneCore);
  progress(`service, open loop at the target rate of ${targetRate} requests/s`);
  const signAtTargetRate = await measureServiceRoute(service, {
    ...signLoad,
    url: service.url,
    ratePerSecond: targetRate,
  });
  const halfCapacity = Math.round(0.5 * sign.requestsPerSecond);
  progress(`service, open loop at half the measured capacity, ${halfCapacity} requests/s`);
  const signAtHalfCapacity = await measureServiceRoute(service, {
    ...signLoad,
    url: service.url,
    ratePerSecond: halfCapacity,
  });
  const signWithWrk = await measureWithWrk(service);
  await service.stop();

  let signTmpfsAudit;
  let signTmpfsAuditAtHalfCapacity;
  if (args['tmpfs-audit']) {
    progress('service, audit database on tmpfs (experiment)');
    const tmpfsService = await fixture.startService('tmpfs');
    signTmpfsAudit = await measureServiceRoute(tmpfsService, {
      ...signLoad,
      url: tmpfsService.url,
    });
    // The same offered rate as on disk, to tell disk stalls from CPU limits.
    signTmpfsAuditAtHalfCapacity = await measureServiceRoute(tmpfsService, {
      ...signLoad,
      url: tmpfsService.url,
      ratePerSecond: halfCapacity,
    });
    await tmpfsService.stop();
  }

  const rate = sign.requestsPerSecond;
  printResult('api-sign', {
    runner: args.dist ? 'compiled' : 'tsx',
    clients: args.clients,
    seconds: args.seconds,
    inProcessSignaturesPerSecond: inProcess,
    noopFastify: noopFigures,
    serviceHealth: health,
    sign,
    signAtTargetRate: { offeredPerSecond: targetRate, ...signAtTargetRate },
    signAtHalfCapacity: { offeredPerSecond: halfCapacity, ...signAtHalfCapacity },
    signWithWrk,
    signTmpfsAudit,
    signTmpfsAuditAtHalfCapacity: signTmpfsAuditAtHalfCapacity && {
      offeredPerSecond: halfCapacity,
      ...signTmpfsAuditAtHalfCapacity,
    },
    ratios: {
      signToWasmOneCore: round(rate / inProcess.wasmOneCore, 3),
      signToUtilCryptoOneCore: round(rate / inProcess.utilCryptoOneCore, 3),
      signToNoopFastify: round(rate / noopFigures.requestsPerSecond, 3),
      signToServiceHealth: round(rate / health.requestsPerSecond, 3),
    },
    targets: {
      rateAtLeastHalfOfWasmOneCore: rate >= 0.5 * inProcess.wasmOneCore,
      p99Under10MsAtTargetRate: signAtTargetRate.latencyMs.p99 < 10,
    },
  });
} finally {
  fixture.remove();
}
