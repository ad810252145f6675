/**
 * Latency of single-message signing through the API against offered load.
 * A closed loop of 64 clients measures capacity. Open loops then offer
 * fixed shares of it, each reporting the client's p50 and p99 and the share
 * of requests the service completed within 10 ms by its own histogram. The
 * result names the highest rate tried whose p99 stayed under 10 ms.
 *
 *   node --import tsx bench/api-sign-rates.ts [--seconds 15] [--fractions 0.1,0.25,0.5,0.75] [--dist DIR]
 */
import { createApiFixture, singleSignRequests } from './support/api-setup.js';
import { measureServiceRoute } from './support/api-run.js';
import { parseArgs } from './support/args.js';
import { printResult, progress } from './support/report.js';

const args = parseArgs({
  seconds: 15,
  'warmup-seconds': 5,
  clients: 64,
  fractions: '0.1,0.25,0.5,0.75',
  dist: '',
});
const fractions = args.fractions.split(',').map(Number);
if (fractions.some((fraction) => !(fraction > 0 && fraction <= 1))) {
  throw new Error(`--fractions ${args.fractions} is invalid; use numbers above 0 and up to 1`);
}
const fixture = await createApiFixture('api-sign-rates', 1, args.dist);
const load = {
  request: singleSignRequests(fixture),
  headers: { authorization: `Bearer ${fixture.token}` },
  concurrency: args.clients,
  durationMs: args.seconds * 1000,
  warmupMs: args['warmup-seconds'] * 1000,
};

try {
  const service = await fixture.startService('disk');
  progress('closed loop, for capacity');
  const capacity = await measureServiceRoute(service, { ...load, url: service.url });
  const rates = [];
  for (const fraction of fractions) {
    const offered = Math.round(fraction * capacity.requestsPerSecond);
    progress(`open loop at ${offered} requests/s (${fraction} of capacity)`);
    const figures = await measureServiceRoute(service, {
      ...load,
      url: service.url,
      ratePerSecond: offered,
    });
    rates.push({
      fraction,
      offeredPerSecond: offered,
      requestsPerSecond: figures.requestsPerSecond,
      latencyMs: figures.latencyMs,
      serviceWithin10Ms: figures.serverSide?.within10Ms,
      serverCores: figures.serverCores,
      generatorCores: figures.generatorCores,
      statuses: figures.statuses,
    });
  }
  await service.stop();
  const under10Ms = rates
    .filter((rate) => rate.latencyMs.p99 < 10)
    .map((rate) => rate.offeredPerSecond);
  printResult('api-sign-rates', {
    clients: args.clients,
    seconds: args.seconds,
    capacityPerSecond: capacity.requestsPerSecond,
    rates,
    highestRateWithP99Under10Ms: Math.max(0, ...under10Ms),
  });
} finally {
  fixture.remove();
}
