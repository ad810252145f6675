import { readFileSync } from 'node:fs';
import path from 'node:path';
import { freePort, logTail, spawnChild, type RunningChild } from './service-process.js';

export interface DevnetProcess extends RunningChild {
  endpoint: string;
}

/**
 * Starts the local chain (`src/devnet/cli.ts`, chopsticks) in a child
 * process that builds a block only when a transaction arrives, and waits for
 * its ready line. Existing wallets under `walletPath` are reused, so the
 * caller can write the dev wallets first and keep their mnemonics.
 */
export async function startDevnetProcess(
  walletPath: string,
  dataDir: string,
  timeoutMs = 180_000,
): Promise<DevnetProcess> {
  const port = await freePort();
  const env: Record<string, string> = { WALLET_PASSWORD: '' };
  if (process.env.SUBTENSOR_CHAIN_SPEC) {
    env.SUBTENSOR_CHAIN_SPEC = process.env.SUBTENSOR_CHAIN_SPEC;
  }
  const running = spawnChild({
    script: 'src/devnet/cli.ts',
    args: ['--port', String(port), '--block-time-ms', '0', '--wallet.path', walletPath],
    env,
    logFile: path.join(dataDir, 'devnet.log'),
  });
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (running.child.exitCode !== null) {
      throw new Error(
        `devnet exited with code ${running.child.exitCode}; log:\n${logTail(running.logFile)}`,
      );
    }
    if (readFileSync(running.logFile, 'utf8').includes('devnet ready')) {
      return { ...running, endpoint: `ws://127.0.0.1:${port}` };
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await running.stop();
  throw new Error(
    `devnet did not get ready within ${timeoutMs} ms; log:\n${logTail(running.logFile)}`,
  );
}
