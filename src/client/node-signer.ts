import type { Logger } from '../log/logger.js';
import { FallbackSigner } from './fallback-signer.js';
import { LocalSigner, type LocalChain } from './local-signer.js';
import { ManageServiceClient } from './manage-client.js';
import type { ClientConfig } from './options.js';
import { RemoteSigner } from './remote-signer.js';

export interface NodeSignerOptions {
  logger: Logger;
  /** Chain access for local submission; without it the local fallback can only sign messages. */
  chain?: LocalChain;
  /** Password file for an encrypted local hotkey. */
  passwordFile?: string;
}

/**
 * Builds the signer of a miner or validator node from its configuration: the
 * manage service first, and the local wallet while the service is
 * unreachable when `config.localFallback` is set. A local hotkey that cannot
 * be loaded disables the fallback with a warning instead of failing the
 * start, because the service remains the main path.
 */
export async function createNodeSigner(
  config: ClientConfig,
  options: NodeSignerOptions,
): Promise<FallbackSigner> {
  const client = new ManageServiceClient({
    baseUrl: config.serviceUrl,
    token: config.token,
    timeoutMs: config.timeoutMs,
    retries: config.retries,
    logger: options.logger,
  });
  const remote = new RemoteSigner({ client, wallet: config.wallet, hotkey: config.hotkey });
  const local = await openLocalFallback(config, options);
  return new FallbackSigner({ remote, local, logger: options.logger });
}

async function openLocalFallback(
  config: ClientConfig,
  options: NodeSignerOptions,
): Promise<LocalSigner | undefined> {
  if (config.localFallback === undefined) {
    return undefined;
  }
  const context = {
    walletPath: config.localFallback.walletPath,
    wallet: config.wallet,
    hotkey: config.hotkey,
  };
  try {
    const local = await LocalSigner.open({
      ...context,
      logger: options.logger,
      chain: options.chain,
      passwordFile: options.passwordFile,
    });
    const address = await local.hotkeyAddress();
    options.logger.info({ ...context, address }, 'local fallback signer ready');
    return local;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    options.logger.warn({ ...context, reason }, 'local fallback disabled: hotkey cannot be loaded');
    return undefined;
  }
}
