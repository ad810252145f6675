import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { RequestSpec } from './load.js';

/** Figures wrk reports for a closed loop. */
export interface WrkResult {
  requestsPerSecond: number;
  latencyMs: { p50: number; p90: number; p99: number };
  /** Responses with a status other than 2xx or 3xx, and socket errors. */
  errors: number;
}

export interface WrkOptions {
  url: string;
  request: RequestSpec;
  headers: Record<string, string>;
  connections: number;
  durationMs: number;
  /** Folder for the Lua script that sets method, body and headers. */
  dir: string;
}

/** Reports whether the `wrk` load generator (Debian package `wrk`) is on the PATH. */
export function wrkInstalled(): boolean {
  return spawnSync('wrk', ['--version']).error === undefined;
}

/** Quotes `value` for Lua. JSON escapes of printable ASCII are valid Lua escapes too. */
function luaString(value: string): string {
  if (/[^\x20-\x7e]/.test(value)) {
    throw new Error(
      'the wrk request has a character outside printable ASCII; use hex message data',
    );
  }
  return JSON.stringify(value);
}

/** Writes the Lua script that gives every request of wrk the same method, body and headers. */
function writeScript(options: WrkOptions): string {
  const lines = [`wrk.method = ${luaString(options.request.method)}`];
  if (options.request.body !== undefined) {
    lines.push(`wrk.body = ${luaString(options.request.body)}`);
    lines.push('wrk.headers["Content-Type"] = "application/json"');
  }
  for (const [name, value] of Object.entries(options.headers)) {
    lines.push(`wrk.headers[${luaString(name)}] = ${luaString(value)}`);
  }
  const file = path.join(options.dir, 'wrk-request.lua');
  writeFileSync(file, `${lines.join('\n')}\n`, { mode: 0o600 });
  return file;
}

/** Converts a wrk duration such as `950.00us`, `8.37ms` or `1.02s` to milliseconds. */
export function wrkDurationMs(text: string): number {
  const match = /^([0-9.]+)(us|ms|s|m)$/.exec(text);
  if (!match) {
    throw new Error(
      `unknown duration "${text}" in wrk output; expected a number with us, ms, s or m`,
    );
  }
  const value = Number(match[1]);
  const scale = { us: 0.001, ms: 1, s: 1000, m: 60_000 }[match[2] as 'us' | 'ms' | 's' | 'm'];
  return value * scale;
}

/** Reads requests per second, latency percentiles and errors from wrk's text output. */
export function parseWrkOutput(output: string): WrkResult {
  const percentile = (label: string): number => {
    const match = new RegExp(`^\\s*${label}%\\s+(\\S+)$`, 'm').exec(output);
    if (!match) {
      throw new Error(`wrk output has no ${label}% latency line; run it with --latency`);
    }
    return wrkDurationMs(match[1]!);
  };
  const rate = /^Requests\/sec:\s+([0-9.]+)$/m.exec(output);
  if (!rate) {
    throw new Error(`wrk output has no Requests/sec line:\n${output}`);
  }
  const non2xx = /Non-2xx or 3xx responses:\s+(\d+)/.exec(output);
  const socketErrors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(
    output,
  );
  const errors =
    Number(non2xx?.[1] ?? 0) +
    (socketErrors ? socketErrors.slice(1).reduce((sum, count) => sum + Number(count), 0) : 0);
  return {
    requestsPerSecond: Number(rate[1]),
    latencyMs: { p50: percentile('50'), p90: percentile('90'), p99: percentile('99') },
    errors,
  };
}

/**
 * Runs a closed loop with wrk in one thread: `connections` keep-alive
 * connections, each sending its next request when the previous response
 * arrives. wrk is written in C, so it takes a smaller share of the CPUs than
 * the Node load generator of load.ts.
 */
export function runWrk(options: WrkOptions): Promise<WrkResult> {
  const script = writeScript(options);
  const seconds = Math.max(1, Math.round(options.durationMs / 1000));
  const args = [
    '-t1',
    `-c${options.connections}`,
    `-d${seconds}s`,
    '--latency',
    '-s',
    script,
    `${options.url}${options.request.path}`,
  ];
  return new Promise((resolve, reject) => {
    const child = spawn('wrk', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) {
        reject(new Error(`wrk exited with code ${code}:\n${output}`));
        return;
      }
      try {
        resolve(parseWrkOutput(output));
      } catch (error) {
        reject(error);
      }
    });
  });
}
