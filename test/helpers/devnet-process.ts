import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { sharedChainDir } from './shared-files.js';

/** A port that was free a moment ago on 127.0.0.1. */
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

export interface DevnetProcess {
  child: ChildProcess;
  endpoint: string;
  output: () => string;
  /** Sends `signal` and waits for the process to exit. */
  kill(signal: NodeJS.Signals): Promise<void>;
}

/**
 * Runs `src/devnet/cli.ts` as a separate process, so a test can kill the
 * chain with a real signal, and waits for its ready line.
 */
export function spawnDevnet(
  port: number,
  walletPath: string,
  timeoutMs = 90_000,
): Promise<DevnetProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/devnet/cli.ts', '--port', String(port)],
    {
      cwd: process.cwd(),
      env: {
        ...process.env,
        BT_WALLET_PATH: walletPath,
        SUBTENSOR_CHAIN_SPEC: path.join(sharedChainDir(), 'subtensor-testfinney-genesis.raw.json'),
        WALLET_PASSWORD: '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const handle: DevnetProcess = {
    child,
    endpoint: `ws://127.0.0.1:${port}`,
    output: () => output,
    kill: async (signal) => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill(signal);
      }
      await exited;
    },
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`devnet did not get ready within ${timeoutMs} ms; output:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('devnet ready')) {
        clearTimeout(timer);
        resolve(handle);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`devnet exited early (code ${code}, signal ${signal}); output:\n${output}`));
    });
  });
}
