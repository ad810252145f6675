import http from 'node:http';
import { summarize, type LatencySummary } from './stats.js';

/** One request to send. */
export interface RequestSpec {
  method: 'GET' | 'POST';
  path: string;
  /** JSON body, sent as is; build bodies once so the generator spends no time on JSON. */
  body?: string;
}

export interface LoadOptions {
  /** Base URL of the server, such as `http://127.0.0.1:8000`. */
  url: string;
  /** The request, or a function that picks request number `index`. */
  request: RequestSpec | ((index: number) => RequestSpec);
  headers?: Record<string, string>;
  /** Requests in flight at once, each on its own keep-alive connection. */
  concurrency: number;
  /** Measured time in milliseconds, after the warm-up. */
  durationMs: number;
  /** Time in milliseconds at full load before measuring starts. */
  warmupMs?: number;
  /**
   * Offered load in requests per second, spread evenly over the connections
   * (an open loop). Without it each connection sends its next request as
   * soon as the response to the previous one arrives (a closed loop).
   */
  ratePerSecond?: number;
}

export interface LoadResult {
  requests: number;
  requestsPerSecond: number;
  latencyMs: LatencySummary;
  /** Count of responses by HTTP status, plus `error` for failed connections. */
  statuses: Record<string, number>;
  /** Bytes of response bodies received while measuring. */
  responseBytes: number;
  /** CPU used by this load generator process while measuring, in cores. */
  generatorCores: number;
}

interface Reply {
  status: number;
  bytes: number;
}

function send(
  agent: http.Agent,
  target: URL,
  spec: RequestSpec,
  extraHeaders: Record<string, string> | undefined,
) {
  return new Promise<Reply>((resolve, reject) => {
    const headers: Record<string, string | number> = { ...extraHeaders };
    if (spec.body !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = Buffer.byteLength(spec.body);
    }
    const request = http.request(
      {
        agent,
        host: target.hostname,
        port: target.port,
        method: spec.method,
        path: spec.path,
        headers,
      },
      (response) => {
        let bytes = 0;
        response.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, bytes }));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(spec.body);
  });
}

/**
 * Sends requests from `concurrency` loops, each waiting for its response
 * before sending the next, and measures latency to the last byte of the
 * response. In a closed loop latency counts from the send. With
 * `ratePerSecond` each loop follows a fixed schedule, and a request sent late
 * because its predecessor was slow counts from its scheduled time, so the
 * wait is not lost (no coordinated omission).
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.concurrency });
  const target = new URL(options.url);
  const warmupEnd = performance.now() + (options.warmupMs ?? 0);
  const end = warmupEnd + options.durationMs;
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let responseBytes = 0;
  let sent = 0;
  let cpuAtStart: NodeJS.CpuUsage | undefined;

  const loop = async (loopIndex: number) => {
    const intervalMs = options.ratePerSecond
      ? (options.concurrency * 1000) / options.ratePerSecond
      : 0;
    let scheduled = performance.now() + (intervalMs * loopIndex) / options.concurrency;
    while (performance.now() < end) {
      const spec = typeof options.request === 'function' ? options.request(sent) : options.request;
      sent += 1;
      // A request already late because its predecessor was slow counts from
      // its scheduled time. One that waits for its time counts from the
      // actual send, so timer delays of this process do not count.
      const late = intervalMs > 0 && performance.now() > scheduled;
      if (intervalMs > 0 && !late) {
        await new Promise((resolve) => setTimeout(resolve, scheduled - performance.now()));
      }
      const started = late ? scheduled : performance.now();
      scheduled += intervalMs;
      let reply: Reply | undefined;
      try {
        reply = await send(agent, target, spec, options.headers);
      } catch {
        reply = undefined;
      }
      const finished = performance.now();
      if (started < warmupEnd) {
        continue;
      }
      cpuAtStart ??= process.cpuUsage();
      if (finished > end) {
        break;
      }
      const key = reply ? String(reply.status) : 'error';
      statuses[key] = (statuses[key] ?? 0) + 1;
      responseBytes += reply?.bytes ?? 0;
      latencies.push(finished - started);
    }
  };

  await Promise.all(Array.from({ length: options.concurrency }, (_, index) => loop(index)));
  const cpu = process.cpuUsage(cpuAtStart);
  agent.destroy();
  const seconds = options.durationMs / 1000;
  return {
    requests: latencies.length,
    requestsPerSecond: latencies.length / seconds,
    latencyMs: summarize(latencies),
    statuses,
    responseBytes,
    generatorCores: (cpu.user + cpu.system) / 1e6 / seconds,
  };
}
