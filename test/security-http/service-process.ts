import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Environment of the child: the test's, without any service credential or setting. */
function cleanEnvironment(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && !name.startsWith('MANAGE_') && !name.startsWith('BT_')) {
      env[name] = value;
    }
  }
  delete env.LOG_LEVEL;
  return env;
}

/** Result of one manage_tokens.sh run. */
export interface ToolRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs scripts/manage_tokens.sh with `args`, as an operator would. */
export function manageTokens(...args: string[]): ToolRun {
  const run = spawnSync('bash', ['scripts/manage_tokens.sh', ...args], {
    cwd: PROJECT_ROOT,
    env: cleanEnvironment(),
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** Services still running; killed when the test process exits before stopping them. */
const liveChildren = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of liveChildren) {
    child.kill('SIGKILL');
  }
});

/** The manage service started by scripts/start_manage.sh, as its own process. */
export class ServiceProcess {
  readonly child: ChildProcess;
  #output = '';
  readonly #exited: Promise<number | null>;

  constructor(args: readonly string[]) {
    this.child = spawn('bash', ['scripts/start_manage.sh', ...args], {
      cwd: PROJECT_ROOT,
      env: cleanEnvironment(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const append = (chunk: Buffer) => {
      this.#output += chunk.toString();
    };
    this.child.stdout!.on('data', append);
    this.child.stderr!.on('data', append);
    liveChildren.add(this.child);
    this.#exited = new Promise((resolve) =>
      this.child.once('exit', (code) => {
        liveChildren.delete(this.child);
        resolve(code);
      }),
    );
  }

  /** Everything written to stdout and stderr so far. */
  get output(): string {
    return this.#output;
  }

  /** Resolves with the output once it contains `text`; rejects on exit or after `timeoutMs`. */
  async waitFor(text: string, timeoutMs = 30_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (!this.#output.includes(text)) {
      if (this.child.exitCode !== null || this.child.signalCode !== null) {
        throw new Error(`service exited before writing ${JSON.stringify(text)}:\n${this.#output}`);
      }
      if (Date.now() > deadline) {
        throw new Error(`service did not write ${JSON.stringify(text)} in time:\n${this.#output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return this.#output;
  }

  /** Exit code once the process ends; undefined when it still runs after `timeoutMs`. */
  async exitCode(timeoutMs = 30_000): Promise<number | null | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), timeoutMs);
    });
    const code = await Promise.race([this.#exited, timeout]);
    clearTimeout(timer);
    return code;
  }

  signal(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  /** Sends SIGTERM and waits for the exit; SIGKILL when it hangs. */
  async stop(): Promise<number | null | undefined> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) {
      return this.child.exitCode;
    }
    this.child.kill('SIGTERM');
    const code = await this.exitCode(10_000);
    if (code === undefined) {
      this.child.kill('SIGKILL');
    }
    return code;
  }
}
