import { resolveChainSpec } from '../../src/devnet/chain-spec.js';
import { startDevnet, type Devnet } from '../../src/devnet/devnet.js';
import type { Logger } from '../../src/log/logger.js';
import { sharedChainDir } from './shared-files.js';
import path from 'node:path';

export interface TestDevnetOptions {
  walletPath: string;
  logger: Logger;
  walletNames?: readonly string[];
  walletPassword?: string;
  port?: number;
}

/** Starts the bootstrapped local chain in this process on a free port. */
export function startTestDevnet(options: TestDevnetOptions): Promise<Devnet> {
  const chainSpec = resolveChainSpec(
    path.join(sharedChainDir(), 'subtensor-testfinney-genesis.raw.json'),
    process.cwd(),
  );
  return startDevnet({
    chainSpec,
    port: options.port ?? 0,
    walletPath: options.walletPath,
    walletPassword: options.walletPassword,
    walletNames: options.walletNames,
    logger: options.logger,
  });
}
