import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { afterEach } from 'vitest';
import { freePort } from './devnet-process.js';
import { sharedChainDir } from './shared-files.js';

/** One pino JSON line a program wrote to stdout. */
export interface LogLine {
  level: number;
  msg: string;
  [field: string]: unknown;
}

/** pino's numeric level of `warn`. */
export const WARN_LEVEL = 40;

export interface ProgramOptions {
  /** Short name for error messages, such as `miner2`. */
  name: string;
  /** Entry file relative to the repository root, such as `src/neuron/miner/cli.ts`. */
  entry: string;
  args: readonly string[];
  /** The whole environment of the child. Only PATH comes from the test process. */
  env: Record<string, string>;
}

/**
 * Children still running. They are killed when the test process exits before
 * afterAll stopped them. NOTE: a signal that ends the test process skips this.
 */
const liveChildren = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of liveChildren) {
    child.kill('SIGKILL');
  }
});

/**
 * A project program running as its own process, started with tsx from the
 * repository root. It keeps every stdout line that parses as JSON, and the
 * raw output of both streams for failure messages.
 */
export class ProgramProcess {
  readonly name: string;
  readonly child: ChildProcess;
  readonly #lines: LogLine[] = [];
  #output = '';
  #pending = '';
  readonly #exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(options: ProgramOptions) {
    this.name = options.name;
    this.child = spawn(process.execPath, ['--import', 'tsx', options.entry, ...options.args], {
      cwd: process.cwd(),
      env: { PATH: process.env.PATH ?? '', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    liveChildren.add(this.child);
    this.#exited = new Promise((resolve) => {
      this.child.once('exit', (code, signal) => {
        liveChildren.delete(this.child);
        resolve({ code, signal });
      });
    });
    this.child.stdout!.on('data', (chunk: Buffer) => this.#onStdout(chunk.toString()));
    this.child.stderr!.on('data', (chunk: Buffer) => {
      this.#output += chunk.toString();
    });
  }

  /** Parsed log lines so far, oldest first. */
  get lines(): readonly LogLine[] {
    return this.#lines;
  }

  /** Everything the program wrote to stdout and stderr so far. */
  get output(): string {
    return this.#output;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Log lines whose `msg` contains `text`. */
  linesWith(text: string): LogLine[] {
    return this.#lines.filter((line) => line.msg.includes(text));
  }

  /**
   * Waits for the first log line at index `from` or later that matches, and
   * returns it. Fails when the program exits first or the time runs out.
   */
  async waitForLine(
    description: string,
    matches: (line: LogLine) => boolean,
    options: { timeoutMs: number; from?: number },
  ): Promise<LogLine> {
    const deadline = Date.now() + options.timeoutMs;
    for (;;) {
      const found = this.#lines.slice(options.from ?? 0).find(matches);
      if (found) {
        return found;
      }
      if (!this.running) {
        throw new Error(`${this.name} exited before logging ${description}:\n${this.tail()}`);
      }
      if (Date.now() > deadline) {
        throw new Error(
          `${this.name} did not log ${description} within ${options.timeoutMs} ms:\n${this.tail()}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Waits for the program to exit on its own, and fails when it still runs after `timeoutMs`. */
  async waitForExit(
    timeoutMs: number,
  ): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(
        () =>
          reject(new Error(`${this.name} did not exit within ${timeoutMs} ms:\n${this.tail()}`)),
        timeoutMs,
      );
    });
    try {
      return await Promise.race([this.#exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Sends SIGTERM, then SIGKILL when the program has not exited after `graceMs`. */
  async stop(graceMs = 5_000): Promise<void> {
    if (!this.running) {
      return;
    }
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.#exited;
    clearTimeout(timer);
  }

  /** Returns the last 4000 characters of output, for failure messages. */
  tail(): string {
    return this.#output.slice(-4000);
  }

  #onStdout(text: string): void {
    this.#output += text;
    const parts = (this.#pending + text).split('\n');
    this.#pending = parts.pop() ?? '';
    for (const part of parts) {
      const line = parseLogLine(part);
      if (line) {
        this.#lines.push(line);
      }
    }
  }
}

function parseLogLine(text: string): LogLine | undefined {
  if (!text.startsWith('{')) {
    return undefined;
  }
  try {
    const value = JSON.parse(text) as Partial<LogLine>;
    return typeof value.msg === 'string' ? (value as LogLine) : undefined;
  } catch {
    return undefined;
  }
}

/** Returns `count` different ports that were free a moment ago on 127.0.0.1. */
export async function freePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) {
    ports.add(await freePort());
  }
  return [...ports];
}

/** Linux's default `ip_local_port_range` start, used when /proc cannot be read. */
const DEFAULT_EPHEMERAL_START = 32768;
const LOWEST_TEST_PORT = 10_000;

function ephemeralRangeStart(): number {
  try {
    const text = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8');
    const start = Number(text.trim().split(/\s+/)[0]);
    return Number.isInteger(start) && start > LOWEST_TEST_PORT ? start : DEFAULT_EPHEMERAL_START;
  } catch {
    return DEFAULT_EPHEMERAL_START;
  }
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * Returns a free port below the kernel's ephemeral range, for a server that
 * must listen on the same port again after a restart. Ports from `freePort`
 * and the source ports of outgoing connections come from the ephemeral
 * range, so another process cannot take this one while the server is down.
 */
export async function stablePort(): Promise<number> {
  const highest = ephemeralRangeStart() - 1;
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = LOWEST_TEST_PORT + Math.floor(Math.random() * (highest - LOWEST_TEST_PORT));
    if (await canListen(port)) {
      return port;
    }
  }
  throw new Error(`no free port found from ${LOWEST_TEST_PORT} to ${highest} after 100 attempts`);
}

/**
 * Prints the last output of each program after a failed test, because the
 * failure of a multi-process test is usually explained in another process.
 */
export function printOutputOnFailure(
  programs: () => readonly (ProgramProcess | undefined)[],
): void {
  afterEach(({ task }) => {
    if (task.result?.state !== 'fail') {
      return;
    }
    for (const program of programs()) {
      if (program) {
        console.error(`--- last output of ${program.name} ---\n${program.tail()}`);
      }
    }
  });
}

/** Stops every program in parallel, so one failed stop in afterAll leaves no other program running. */
export async function stopAll(programs: readonly (ProgramProcess | undefined)[]): Promise<void> {
  await Promise.allSettled(programs.map((program) => program?.stop()));
}

/**
 * Environment shared by the children: HOME points at a test folder so no
 * default path reaches the real `~/.bittensor`, and the log level is fixed.
 */
export function childEnvironment(home: string): Record<string, string> {
  return { HOME: home, LOG_LEVEL: 'info' };
}

export interface DevnetProcessOptions {
  port: number;
  walletPath: string;
  blockTimeMs: number;
  home: string;
}

/** Starts `src/devnet/cli.ts` and waits until it prints its ready line. */
export async function startDevnetProcess(options: DevnetProcessOptions): Promise<ProgramProcess> {
  const devnet = new ProgramProcess({
    name: 'devnet',
    entry: 'src/devnet/cli.ts',
    args: ['--port', String(options.port), '--block-time-ms', String(options.blockTimeMs)],
    env: {
      ...childEnvironment(options.home),
      BT_WALLET_PATH: options.walletPath,
      SUBTENSOR_CHAIN_SPEC: path.join(sharedChainDir(), 'subtensor-testfinney-genesis.raw.json'),
      WALLET_PASSWORD: '',
    },
  });
  await stopOnFailure(devnet, waitForOutput(devnet, 'devnet ready', 90_000));
  return devnet;
}

export interface ServiceProcessOptions {
  port: number;
  walletPath: string;
  chainEndpoint: string;
  auditDb: string;
  token: string;
  home: string;
}

/** Starts the manage service (`src/service/cli.ts`) and waits until it listens. */
export async function startServiceProcess(options: ServiceProcessOptions): Promise<ProgramProcess> {
  const service = new ProgramProcess({
    name: 'manage-service',
    entry: 'src/service/cli.ts',
    args: [
      '--manage.port',
      String(options.port),
      '--wallet.path',
      options.walletPath,
      '--subtensor.chain_endpoint',
      options.chainEndpoint,
      '--audit.db',
      options.auditDb,
    ],
    env: { ...childEnvironment(options.home), MANAGE_SERVICE_TOKEN: options.token },
  });
  const listening = service.waitForLine(
    'that it listens',
    (line) => line.msg === 'manage service listening',
    { timeoutMs: 60_000 },
  );
  await stopOnFailure(service, listening);
  return service;
}

export interface NodeProcessOptions {
  name: string;
  role: 'miner' | 'validator';
  serviceUrl: string;
  token: string;
  chainEndpoint: string;
  wallet: string;
  walletPath: string;
  home: string;
  /** Flags of the role, such as `--axon.port 8091`. */
  args: readonly string[];
}

/** Starts a miner or validator node. The token goes in the environment, as in production. */
export function startNodeProcess(options: NodeProcessOptions): ProgramProcess {
  return new ProgramProcess({
    name: options.name,
    entry: `src/neuron/${options.role}/cli.ts`,
    args: [
      '--manage.service_url',
      options.serviceUrl,
      '--subtensor.chain_endpoint',
      options.chainEndpoint,
      '--wallet.name',
      options.wallet,
      '--wallet.path',
      options.walletPath,
      ...options.args,
    ],
    env: { ...childEnvironment(options.home), MANAGE_SERVICE_TOKEN: options.token },
  });
}

async function waitForOutput(
  program: ProgramProcess,
  text: string,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!program.output.includes(text)) {
    if (!program.running) {
      throw new Error(`${program.name} exited before printing "${text}":\n${program.tail()}`);
    }
    if (Date.now() > deadline) {
      throw new Error(
        `${program.name} did not print "${text}" within ${timeoutMs} ms:\n${program.tail()}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Stops a program whose start-up check failed, so no half-started process outlives the test. */
async function stopOnFailure(program: ProgramProcess, check: Promise<unknown>): Promise<void> {
  try {
    await check;
  } catch (error) {
    await program.stop();
    throw error;
  }
}
