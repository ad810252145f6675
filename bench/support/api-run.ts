import { runLoad, type LoadOptions, type LoadResult } from './load.js';
import {
  bucketMaxMs,
  bucketQuantileMs,
  fetchMetrics,
  histogramDelta,
  shareWithinMs,
  histogramMeanMs,
  readHistogram,
} from './metrics.js';
import { cpuMeter } from './process-stats.js';
import { round } from './stats.js';

/** Figures of one load run against one route, ready to print. */
export interface RouteFigures {
  requestsPerSecond: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  statuses: Record<string, number>;
  /** CPU of the server process (all threads) and of its event loop thread, in cores. */
  serverCores: number;
  serverMainThreadCores: number;
  generatorCores: number;
}

/** A histogram of the service over one run; bounds are bucket upper bounds, so upper estimates. */
export interface HistogramFigures {
  count: number;
  meanMs: number;
  p99UpperBoundMs: number;
  maxUpperBoundMs: number;
  /** Share of the values at or below 10 ms, a bucket bound of the service's histograms. */
  within10Ms: number;
}

export interface ServiceRouteFigures extends RouteFigures {
  /** Audit record writes while measuring, from the service's own histogram. */
  auditWrite?: HistogramFigures;
  /** Time spent signing per request, from the service's own histogram. */
  signing?: HistogramFigures;
  /**
   * Time from the request's arrival in Fastify to the end of its response,
   * from the service's own histogram: the latency without the load
   * generator's share and without time in the socket queues.
   */
  serverSide?: HistogramFigures;
}

export function routeFigures(load: LoadResult, cpu: ReturnType<ReturnType<typeof cpuMeter>>) {
  return {
    requestsPerSecond: round(load.requestsPerSecond, 0),
    latencyMs: {
      p50: round(load.latencyMs.p50, 2),
      p90: round(load.latencyMs.p90, 2),
      p99: round(load.latencyMs.p99, 2),
      max: round(load.latencyMs.max, 2),
    },
    statuses: load.statuses,
    serverCores: round(cpu.processCores, 2),
    serverMainThreadCores: round(cpu.mainThreadCores, 2),
    generatorCores: round(load.generatorCores, 2),
  };
}

/**
 * Runs the load against a server process and measures its CPU over the same
 * window. The warm-up runs first, outside the CPU window.
 */
export async function measureRoute(pid: number, options: LoadOptions): Promise<RouteFigures> {
  if (options.warmupMs) {
    await runLoad({ ...options, durationMs: options.warmupMs, warmupMs: 0 });
  }
  const stop = cpuMeter(pid);
  const load = await runLoad({ ...options, warmupMs: 0 });
  return routeFigures(load, stop());
}

function summarizeHistogram(after: string, before: string, name: string, filter = '') {
  const delta = histogramDelta(
    readHistogram(after, name, filter),
    readHistogram(before, name, filter),
  );
  return {
    count: delta.count,
    meanMs: round(histogramMeanMs(delta), 3),
    p99UpperBoundMs: bucketQuantileMs(delta, 0.99),
    maxUpperBoundMs: bucketMaxMs(delta),
    within10Ms: round(shareWithinMs(delta, 10), 4),
  };
}

function routePath(request: LoadOptions['request']): string {
  return (typeof request === 'function' ? request(0) : request).path;
}

/**
 * `measureRoute` for the manage service, adding its audit and signing
 * histograms. `onMeasureStart` runs when the measured window begins.
 */
export async function measureServiceRoute(
  service: { url: string; pid: number },
  options: LoadOptions & { onMeasureStart?: () => void },
): Promise<ServiceRouteFigures> {
  if (options.warmupMs) {
    await runLoad({ ...options, durationMs: options.warmupMs, warmupMs: 0 });
  }
  const before = await fetchMetrics(service.url);
  options.onMeasureStart?.();
  const stop = cpuMeter(service.pid);
  const load = await runLoad({ ...options, warmupMs: 0 });
  const cpu = stop();
  const after = await fetchMetrics(service.url);
  return {
    ...routeFigures(load, cpu),
    auditWrite: summarizeHistogram(after, before, 'manage_audit_write_duration_seconds'),
    signing: summarizeHistogram(
      after,
      before,
      'manage_signing_duration_seconds',
      'operation="sign"',
    ),
    serverSide: summarizeHistogram(
      after,
      before,
      'manage_http_request_duration_seconds',
      `route="${routePath(options.request)}"`,
    ),
  };
}
