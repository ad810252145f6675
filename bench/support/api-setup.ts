import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { RequestSpec } from './load.js';
import {
  makeTempDir,
  makeTmpfsDir,
  randomToken,
  signBody,
  writeBenchWallet,
  type BenchWallet,
  type TempDir,
} from './fixtures.js';
import {
  freePort,
  spawnChild,
  startServiceProcess,
  waitForStatus,
  type RunningChild,
  type ServiceProcess,
} from './service-process.js';

/** Location of the service's audit database: the temporary folder's disk, or tmpfs. */
export type AuditPlacement = 'disk' | 'tmpfs';

export interface ApiFixture {
  wallet: BenchWallet;
  token: string;
  dir: string;
  /** Starts the service without a chain; close it with `stop()`. */
  startService(audit?: AuditPlacement, nodeArgs?: readonly string[]): Promise<ServiceProcess>;
  /** Starts the bare Fastify server of bench/support/noop-server.ts. */
  startNoopServer(): Promise<RunningChild & { url: string }>;
  remove(): void;
}

/**
 * Writes a wallet with `hotkeys` hotkeys and returns what API benchmarks
 * need. With `distDir` (a folder made by `buildCompiled`) the service runs
 * compiled, as in the Docker image; otherwise it runs through tsx.
 */
export async function createApiFixture(
  label: string,
  hotkeys: number,
  distDir = '',
): Promise<ApiFixture> {
  const temp = makeTempDir(label);
  const wallet = await writeBenchWallet(path.join(temp.dir, 'wallets'), 'bench', hotkeys);
  const token = randomToken();
  const tmpfsDirs: TempDir[] = [];
  let runs = 0;

  const startService = async (audit: AuditPlacement = 'disk', nodeArgs?: readonly string[]) => {
    runs += 1;
    let dataDir = path.join(temp.dir, `run-${runs}`);
    if (audit === 'tmpfs') {
      const tmpfs = makeTmpfsDir('service');
      tmpfsDirs.push(tmpfs);
      dataDir = tmpfs.dir;
    }
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    // No chain runs on this port: signing needs none, and the service keeps retrying in the background.
    const unusedPort = await freePort();
    return startServiceProcess({
      walletPath: wallet.walletPath,
      dataDir,
      token,
      chainEndpoint: `ws://127.0.0.1:${unusedPort}`,
      entry: distDir ? path.join(distDir, 'dist', 'service', 'cli.js') : undefined,
      nodeArgs,
    });
  };

  const startNoopServer = async () => {
    const port = await freePort();
    const startedAt = performance.now();
    const running = spawnChild({
      script: 'bench/support/noop-server.ts',
      args: [String(port)],
      logFile: path.join(temp.dir, 'noop.log'),
    });
    const url = `http://127.0.0.1:${port}`;
    await waitForStatus(running, `${url}/health`, startedAt);
    return { ...running, url };
  };

  return {
    wallet,
    token,
    dir: temp.dir,
    startService,
    startNoopServer,
    remove: () => {
      for (const tmpfs of tmpfsDirs) {
        tmpfs.remove();
      }
      temp.remove();
    },
  };
}

/**
 * Returns request number `index` of a single-message signing load: POST
 * /wallet/sign with one of 512 bodies of one random 64-byte message each,
 * built once so that the load generator spends no time on JSON.
 */
export function singleSignRequests(fixture: ApiFixture): (index: number) => RequestSpec {
  const hotkey = fixture.wallet.hotkeys[0]!;
  const bodies = Array.from({ length: 512 }, () => signBody(fixture.wallet.name, hotkey, 1));
  return (index) => ({
    method: 'POST',
    path: '/wallet/sign',
    body: bodies[index % bodies.length]!,
  });
}
