import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Root of the repository, so scripts run the same from any working directory. */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Finds a port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface ChildOptions {
  /**
   * Program to run, absolute or relative to the repository root: TypeScript
   * (`.ts`) runs through tsx, JavaScript runs in plain Node.
   */
  script: string;
  args: readonly string[];
  /** Options for Node itself, such as `--cpu-prof`, placed before the script. */
  nodeArgs?: readonly string[];
  env?: Record<string, string>;
  /** File that receives the child's stdout and stderr. */
  logFile: string;
}

export interface RunningChild {
  child: ChildProcess;
  pid: number;
  logFile: string;
  /** Sends SIGTERM and waits for the exit; SIGKILL after 10 s. */
  stop(): Promise<void>;
}

const runningChildren = new Set<ChildProcess>();
// A benchmark that crashes must not leave its servers running.
process.once('exit', () => {
  for (const child of runningChildren) {
    child.kill('SIGKILL');
  }
});

/**
 * Starts a TypeScript program in its own Node process with a minimal
 * environment, so variables of the calling shell cannot change its settings.
 * The child is killed when this process exits.
 */
export function spawnChild(options: ChildOptions): RunningChild {
  const log = openSync(options.logFile, 'a');
  const script = path.resolve(PROJECT_ROOT, options.script);
  const loader = script.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const nodeArgs = [...(options.nodeArgs ?? []), ...loader];
  const child = spawn(process.execPath, [...nodeArgs, script, ...options.args], {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...options.env },
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  runningChildren.add(child);
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      runningChildren.delete(child);
      resolve();
    }),
  );
  return {
    child,
    pid: child.pid!,
    logFile: options.logFile,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}

/** Returns the last lines of a log file, for error messages. */
export function logTail(file: string, lines = 20): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/**
 * Polls `url` every 5 ms until it responds with `expectedStatus` and returns the
 * milliseconds since `startedAt`. Throws when the child exits or `timeoutMs` passes.
 */
export async function waitForStatus(
  running: RunningChild,
  url: string,
  startedAt: number,
  { expectedStatus = 200, timeoutMs = 60_000 } = {},
): Promise<number> {
  const deadline = startedAt + timeoutMs;
  while (performance.now() < deadline) {
    if (running.child.exitCode !== null) {
      throw new Error(
        `${url} never responded: the process exited with code ${running.child.exitCode}; log:\n${logTail(running.logFile)}`,
      );
    }
    try {
      const reply = await fetch(url);
      await reply.arrayBuffer();
      if (reply.status === expectedStatus) {
        return performance.now() - startedAt;
      }
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(
    `${url} did not respond with ${expectedStatus} within ${timeoutMs} ms; see ${running.logFile}`,
  );
}

export interface ServiceProcessOptions {
  walletPath: string;
  dataDir: string;
  token: string;
  /** WebSocket endpoint of the chain; an unused port when the benchmark needs no chain. */
  chainEndpoint: string;
  passwordFile?: string;
  /** Extra command-line flags. */
  args?: readonly string[];
  /** Entry point; default `src/service/cli.ts` through tsx, or a compiled `cli.js`. */
  entry?: string;
  /** Options for Node itself, such as `--cpu-prof`. */
  nodeArgs?: readonly string[];
}

export interface ServiceProcess extends RunningChild {
  url: string;
  /** Milliseconds from spawn until /health responded with 200. */
  listeningMs: number;
}

/** Starts the manage service (`src/service/cli.ts`) in a child process and waits until it listens. */
export async function startServiceProcess(options: ServiceProcessOptions): Promise<ServiceProcess> {
  const port = await freePort();
  const args = [
    '--manage.port',
    String(port),
    '--wallet.path',
    options.walletPath,
    '--audit.db',
    path.join(options.dataDir, 'audit.sqlite'),
    '--subtensor.chain_endpoint',
    options.chainEndpoint,
    ...(options.passwordFile ? ['--wallet.password_file', options.passwordFile] : []),
    ...(options.args ?? []),
  ];
  const startedAt = performance.now();
  const running = spawnChild({
    script: options.entry ?? 'src/service/cli.ts',
    args,
    nodeArgs: options.nodeArgs,
    env: { MANAGE_SERVICE_TOKEN: options.token },
    logFile: path.join(options.dataDir, 'service.log'),
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    const listeningMs = await waitForStatus(running, `${url}/health`, startedAt);
    return { ...running, url, listeningMs };
  } catch (error) {
    await running.stop();
    throw error;
  }
}
