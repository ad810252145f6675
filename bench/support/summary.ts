import type { MachineInfo } from './report.js';

type Results = Record<string, Record<string, unknown>>;

/** Reads a dotted path such as `sign.latencyMs.p99` from a result; undefined when absent. */
function pick(result: Record<string, unknown> | undefined, dotted: string): unknown {
  let value: unknown = result;
  for (const key of dotted.split('.')) {
    if (value === null || typeof value !== 'object') {
      return undefined;
    }
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function show(value: unknown, unit = ''): string {
  if (value === undefined || value === null) {
    return 'not run';
  }
  if (typeof value === 'number') {
    return `${value.toLocaleString('en-US', { maximumFractionDigits: 3 })}${unit}`;
  }
  return String(value);
}

function verdict(met: unknown): string {
  if (met === undefined) {
    return '';
  }
  return met ? 'met' : 'NOT met';
}

interface Row {
  figure: string;
  value: string;
  target?: string;
  met?: unknown;
}

function rows(results: Results, soakMinutes: number): Row[] {
  const inprocess = results['sign-inprocess'];
  const api = results['api-sign'];
  const rates = results['api-sign-rates'];
  const batch = results['api-sign-batch'];
  const audit = results['audit-write'];
  const profile = results['profile-sign'];
  const heapGrowth = results['heap-growth'];
  const weights = results['set-weights'];
  const startup = results['startup'];
  const memory = results['memory'];
  return [
    {
      figure: 'in-process sr25519, wasm-crypto, 1 core',
      value: show(pick(inprocess, 'signaturesPerSecond.wasmOneCore'), ' sig/s'),
    },
    {
      figure: 'in-process sr25519, util-crypto 14 (JS), 1 core',
      value: show(pick(inprocess, 'signaturesPerSecond.utilCryptoOneCore'), ' sig/s'),
    },
    {
      figure: 'in-process sr25519, wasm-crypto, all cores',
      value: show(pick(inprocess, 'signaturesPerSecond.wasmAllCores'), ' sig/s'),
    },
    {
      figure: 'bare Fastify no-op POST (ceiling)',
      value: show(pick(api, 'noopFastify.requestsPerSecond'), ' req/s'),
    },
    {
      figure: 'service GET /health',
      value: show(pick(api, 'serviceHealth.requestsPerSecond'), ' req/s'),
    },
    {
      figure: 'API single-message sign, 64 clients',
      value: show(pick(api, 'sign.requestsPerSecond'), ' req/s'),
      target: '>= 50% of wasm 1-core rate',
      met: pick(api, 'targets.rateAtLeastHalfOfWasmOneCore'),
    },
    {
      figure: 'API sign / in-process wasm 1 core',
      value: show(pick(api, 'ratios.signToWasmOneCore')),
    },
    {
      figure: 'API sign / in-process util-crypto 1 core',
      value: show(pick(api, 'ratios.signToUtilCryptoOneCore')),
    },
    {
      figure: 'API single-message sign p99, closed loop',
      value: show(pick(api, 'sign.latencyMs.p99'), ' ms'),
    },
    {
      figure: 'API single-message sign p99, open loop at target rate',
      value: `${show(pick(api, 'signAtTargetRate.latencyMs.p99'), ' ms')} at ${show(pick(api, 'signAtTargetRate.requestsPerSecond'))} of ${show(pick(api, 'signAtTargetRate.offeredPerSecond'), ' req/s')}`,
      target: '< 10 ms',
      met: pick(api, 'targets.p99Under10MsAtTargetRate'),
    },
    {
      figure: 'same, share answered within 10 ms inside the service',
      value: show(pick(api, 'signAtTargetRate.serverSide.within10Ms')),
    },
    {
      figure: 'API single-message sign p99, open loop at half capacity',
      value: `${show(pick(api, 'signAtHalfCapacity.latencyMs.p99'), ' ms')} at ${show(pick(api, 'signAtHalfCapacity.offeredPerSecond'), ' req/s')}`,
    },
    {
      figure: 'API single-message sign, closed loop with wrk',
      value: `${show(pick(api, 'signWithWrk.requestsPerSecond'), ' req/s')}, p99 ${show(pick(api, 'signWithWrk.latencyMs.p99'), ' ms')}`,
    },
    {
      figure: 'highest offered rate tried with p99 under 10 ms',
      value: show(pick(rates, 'highestRateWithP99Under10Ms'), ' req/s'),
    },
    {
      figure: 'API sign, audit DB on tmpfs (experiment)',
      value: show(pick(api, 'signTmpfsAudit.requestsPerSecond'), ' req/s'),
    },
    {
      figure: 'API sign p99, audit DB on tmpfs, open loop at half capacity',
      value: show(pick(api, 'signTmpfsAuditAtHalfCapacity.latencyMs.p99'), ' ms'),
    },
    {
      figure: 'audit wait in service (queue and commit), mean',
      value: show(pick(api, 'sign.auditWrite.meanMs'), ' ms'),
    },
    {
      figure: 'event loop time per signed request (CPU profile)',
      value: show(pick(profile, 'eventLoopBusyMicrosecondsPerRequest'), ' µs'),
    },
    {
      figure: 'sign rate, old-generation cap / V8 own factor (alternating rounds)',
      value: show(pick(heapGrowth, 'capRateShare')),
    },
    {
      figure: 'sign p99, old-generation cap / V8 own factor',
      value: `${show(pick(heapGrowth, 'means.cap.p99Ms'), ' ms')} / ${show(pick(heapGrowth, 'means.v8Own.p99Ms'), ' ms')}`,
    },
    {
      figure: 'audit write alone, p50 / p99 (disk)',
      value: `${show(pick(audit, 'onDisk.p50Ms'))} / ${show(pick(audit, 'onDisk.p99Ms'), ' ms')}`,
    },
    {
      figure: 'audit write alone, 64 per commit, per record (disk)',
      value: show(pick(audit, 'groupedOnDisk.perRecordMeanMs'), ' ms'),
    },
    {
      figure: 'API batch of 256, signatures',
      value: show(pick(batch, 'signaturesPerSecond'), ' sig/s'),
      target: '>= 80% of wasm all-cores rate',
      met: pick(batch, 'targets.atLeast80PercentOfAllCores'),
    },
    {
      figure: 'API batch / in-process all cores',
      value: show(pick(batch, 'ratios.toWasmAllCores')),
    },
    {
      figure: 'set_weights service / direct, median latency',
      value: weights
        ? `${show(pick(weights, 'ratios.medianServiceToDirect'))} (${show(pick(weights, 'service.p50Ms'))} / ${show(pick(weights, 'direct.p50Ms'), ' ms')})`
        : show(undefined),
      target: '< 1.2',
      met: pick(weights, 'targets.medianRatioUnder1_2'),
    },
    {
      figure: 'start-up, 256 hotkeys, compiled, to listening',
      value: show(pick(startup, 'compiled.hotkeysPlainColdkey.listeningMsMedian'), ' ms'),
      target: '< 3000 ms',
      met: pick(startup, 'targets.compiledReadyUnder3s'),
    },
    {
      figure: 'start-up, 256 hotkeys, tsx, to listening',
      value: show(pick(startup, 'tsx.hotkeysPlainColdkey.listeningMsMedian'), ' ms'),
    },
    {
      figure: 'coldkey unlock ($NACL, Argon2i), added to start-up',
      value: show(pick(startup, 'derived.coldkeyUnlockMsCompiled'), ' ms'),
    },
    {
      figure: 'RSS, 256 hotkeys, max during soak',
      value: show(pick(memory, 'rssMiB.max'), ' MiB'),
      target: '< 250 MiB',
      met: pick(memory, 'targets.rssUnder250MiB'),
    },
    {
      figure: `RSS growth over a ${soakMinutes}-minute soak`,
      value: show(pick(memory, 'growthPercent'), ' %'),
      target: 'within 10%',
      met: pick(memory, 'targets.flatWithin10Percent'),
    },
  ];
}

/** Formats the figures of every script as a Markdown table with the machine they ran on. */
export function formatSummary(
  machine: MachineInfo,
  results: Results,
  options: { soakMinutes: number },
): string {
  const lines = [
    `Machine: ${machine.nproc} CPUs, ${machine.cpuModel}, Node ${machine.nodeVersion}, ` +
      `load average ${machine.loadAverage1mAtEnd} at the end`,
    '',
    '| figure | value | target | verdict |',
    '| --- | --- | --- | --- |',
  ];
  for (const row of rows(results, options.soakMinutes)) {
    lines.push(`| ${row.figure} | ${row.value} | ${row.target ?? ''} | ${verdict(row.met)} |`);
  }
  return lines.join('\n');
}
