import type { FastifyInstance } from 'fastify';
import { AuditLog } from '../audit/audit-log.js';
import { IdempotencyStore } from '../audit/idempotency-store.js';
import { SpendLedger } from '../audit/spend-ledger.js';
import { ChainConnection } from '../chain/connection.js';
import { PendingCommitStore, type RevealScheduler } from '../commits/index.js';
import { TransactionSubmitter } from '../chain/submitter.js';
import { Keystore } from '../keystore/index.js';
import type { Logger } from '../log/logger.js';
import { buildApp } from './app.js';
import { createAuthenticator, type ServiceAuthenticator } from './authenticator.js';
import { isLoopbackHost, type ServiceConfig } from './config.js';
import { httpsOptions } from './https.js';
import { commitsDbPath, createRevealScheduler } from './operations/commit-scheduler.js';
import { ConfigError } from '../config/options.js';

export { STATIC_TOKEN_ID } from './authenticator.js';

export interface RunningService {
  /** Base URL, with the port actually bound. */
  url: string;
  app: FastifyInstance;
  keystore: Keystore;
  connection: ChainConnection;
  audit: AuditLog;
  authenticator: ServiceAuthenticator;
  /** Stored weight commits, which the reveal scheduler reveals in their reveal epoch. */
  commits: PendingCommitStore;
  revealScheduler: RevealScheduler;
  close(): Promise<void>;
}

function warnAboutToken(config: ServiceConfig, logger: Logger): void {
  if (config.token?.isDefault) {
    logger.warn(
      { host: config.host },
      'MANAGE_SERVICE_TOKEN is unset or default-token: anyone who can reach this port can sign; set a long random token',
    );
  }
}

function warnAboutPlainHttp(config: ServiceConfig, logger: Logger): void {
  if (!isLoopbackHost(config.host) && !config.tls) {
    logger.warn(
      { host: config.host },
      'serving plain HTTP on a non-loopback address; bearer tokens cross the network unencrypted',
    );
  }
}

/**
 * Stops the start when a key file is open to group or others: such a key
 * fails to load with INSECURE_PERMISSIONS unless the operator accepted the
 * risk with --security.allow_insecure_permissions.
 */
function rejectInsecureKeys(keystore: Keystore): void {
  const insecure: string[] = [];
  for (const wallet of keystore.wallets()) {
    for (const key of [wallet.coldkey, ...wallet.hotkeys]) {
      if (key.error?.code === 'INSECURE_PERMISSIONS') {
        insecure.push(`${wallet.name}/${key.name}`);
      }
    }
  }
  if (insecure.length > 0) {
    keystore.unload();
    throw new ConfigError(
      `key files of ${insecure.join(', ')} are accessible by group or others; run chmod 600 on them (or start with --security.allow_insecure_permissions to accept the risk)`,
    );
  }
}

/**
 * Starts the manage service: loads every wallet, opens the audit log,
 * connects to the chain in the background and listens. The API serves as
 * soon as it listens; `/ready` reports when the chain is connected.
 */
export async function startService(config: ServiceConfig, logger: Logger): Promise<RunningService> {
  warnAboutToken(config, logger);
  warnAboutPlainHttp(config, logger);
  const authenticator = createAuthenticator(config, logger);
  const keystore = await Keystore.load({
    root: config.walletPath,
    passwordFile: config.passwordFile,
    logger: logger.child({ component: 'keystore' }),
    rejectInsecurePermissions: !config.allowInsecurePermissions,
  });
  rejectInsecureKeys(keystore);
  logger.info({ walletPath: config.walletPath, signers: keystore.signerCount }, 'keystore loaded');

  const audit = AuditLog.open(config.auditDb);
  const idempotency = new IdempotencyStore(config.auditDb);
  const spendLedger = SpendLedger.open(config.auditDb);
  const commits = PendingCommitStore.open(commitsDbPath(config.auditDb));
  const connection = new ChainConnection({ endpoint: config.chainEndpoint, logger });
  connection.start();
  const submitter = new TransactionSubmitter(connection, logger, { eraPeriod: config.eraPeriod });
  const app = await buildApp({
    logger,
    signers: keystore,
    connection,
    submitter,
    audit,
    authenticator,
    txTimeoutMs: config.txTimeoutMs,
    bodyLimit: config.bodyLimit,
    requestTimeoutMs: config.requestTimeoutMs,
    https: config.tls && httpsOptions(config.tls),
    reloadTokens: () => authenticator.reload(),
    idempotency,
    maxInFlight: config.maxInFlight,
    coldkeyPolicy: authenticator.coldkeyPolicy,
    spendLedger,
    commits,
  });

  try {
    await app.listen({ host: config.host, port: config.port });
  } catch (error) {
    await Promise.allSettled([app.close(), connection.close()]);
    idempotency.close();
    spendLedger.close();
    commits.close();
    audit.close();
    keystore.unload();
    throw error;
  }
  const revealScheduler = createRevealScheduler(
    { signers: keystore, connection, submitter, txTimeoutMs: config.txTimeoutMs, commits },
    logger,
  );
  revealScheduler.start();
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `${config.tls ? 'https' : 'http'}://${host}:${port}`;
  logger.info(
    { url, auditDb: config.auditDb, chain: config.chainEndpoint },
    'manage service listening',
  );

  return {
    url,
    app,
    keystore,
    connection,
    audit,
    authenticator,
    commits,
    revealScheduler,
    close: async () => {
      await revealScheduler.stop();
      await app.close();
      await connection.close();
      idempotency.close();
      spendLedger.close();
      commits.close();
      audit.close();
      keystore.unload();
    },
  };
}
