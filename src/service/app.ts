import { randomUUID } from 'node:crypto';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { AuditLog } from '../audit/audit-log.js';
import type { ChainConnection } from '../chain/connection.js';
import type { TransactionSubmitter } from '../chain/submitter.js';
import { lazyChild } from '../log/lazy-child.js';
import type { Logger } from '../log/logger.js';
import type { Authenticator } from './auth/identity.js';
import { ServiceMetrics } from './metrics.js';
import type { SignerSource } from './operations/signer-source.js';
import type { ReloadResult } from '../security/index.js';
import type { HttpsOptions } from './https.js';
import type { IdempotencyStore } from '../audit/idempotency-store.js';
import { PendingCommitStore } from '../commits/index.js';
import { SpendLedger } from '../audit/spend-ledger.js';
import type { ColdkeyPolicy } from '../security/coldkey-policy.js';
import { registerAudit } from './plugins/audit.js';
import { registerIdempotency } from './plugins/idempotency.js';
import { registerLoadShedding } from './plugins/load-shedding.js';
import { registerAuthorization } from './plugins/authorization.js';
import { registerSecurityHeaders } from './plugins/security-headers.js';
import { registerAdminRoutes } from './routes/admin.js';
import { registerColdkeyOperationRoutes } from './routes/coldkey-operations.js';
import { registerWeightsOperationRoutes } from './routes/weights-operations.js';
import { registerAuthentication } from './plugins/authentication.js';
import { registerErrorHandler } from './plugins/error-handler.js';
import { registerMetrics } from './plugins/metrics.js';
import { registerHealthRoutes } from './routes/health.js';
import { registerServeAxonRoute } from './routes/serve-axon.js';
import { registerSetWeightsRoute } from './routes/set-weights.js';
import { registerSignRoutes } from './routes/sign.js';
import { registerWalletInfoRoute } from './routes/wallet-info.js';
import './request-context.js';

/** Everything the HTTP layer talks to; built by `startService` or by tests. */
export interface AppDependencies {
  logger: Logger;
  signers: SignerSource;
  connection: ChainConnection;
  submitter: TransactionSubmitter;
  audit: AuditLog;
  authenticator: Authenticator;
  txTimeoutMs: number;
  /** Created from the other dependencies when absent. */
  metrics?: ServiceMetrics;
  /** Largest accepted request body, in bytes. */
  bodyLimit?: number;
  /** Maximum time to receive a whole request, in milliseconds. */
  requestTimeoutMs?: number;
  /** Serves HTTPS (and optionally mutual TLS) when set. */
  https?: HttpsOptions;
  /** Stores responses of requests with an Idempotency-Key; without it the header is ignored. */
  idempotency?: IdempotencyStore;
  /** Maximum wallet requests handled at once; more get 503 OVERLOADED. */
  maxInFlight?: number;
  /** Re-reads the token file for the admin reload route; absent without a token file. */
  reloadTokens?: () => ReloadResult | undefined;
  /** Stored weight commits (commit-reveal v2); an in-memory store closed with the app when absent. */
  commits?: PendingCommitStore;
  /** Coldkey policy of the token file; without it every coldkey operation is rejected. */
  coldkeyPolicy?: () => ColdkeyPolicy;
  /** Coldkey amounts per day; an in-memory ledger closed with the app when absent. */
  spendLedger?: SpendLedger;
}

export const REQUEST_ID_HEADER = 'x-request-id';
const DEFAULT_BODY_LIMIT = 1024 * 1024;
const DEFAULT_MAX_IN_FLIGHT = 1024;
/** A client-chosen request id is kept only when it is short and plain. */
const CLIENT_REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

function requestId(header: string | string[] | undefined): string {
  if (typeof header === 'string' && CLIENT_REQUEST_ID.test(header)) {
    return header;
  }
  return randomUUID();
}

/**
 * Selects the request fields written to logs. The query string is left out because
 * clients sometimes put credentials there; headers are left out entirely.
 */
function serializeRequest(request: { method?: string; url?: string; ip?: string }) {
  return {
    method: request.method,
    path: (request.url ?? '').split('?')[0],
    remoteAddress: request.ip,
  };
}

function serializeReply(reply: { statusCode: number }) {
  return { statusCode: reply.statusCode };
}

function createFastify(deps: AppDependencies): FastifyInstance {
  const server = Fastify({
    ...(deps.https ? { https: deps.https } : {}),
    loggerInstance: deps.logger.child(
      { component: 'http' },
      { serializers: { req: serializeRequest } },
    ) as FastifyBaseLogger,
    bodyLimit: deps.bodyLimit ?? DEFAULT_BODY_LIMIT,
    // registerRequestLog writes one line per request instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    childLoggerFactory: (logger, bindings, options) =>
      lazyChild(logger as unknown as Logger, bindings, options) as unknown as FastifyBaseLogger,
    genReqId: (request) => requestId(request.headers[REQUEST_ID_HEADER]),
    requestTimeout: deps.requestTimeoutMs ?? 120_000,
    ajv: {
      // Wrong types are errors, not conversions: "5" is not a netuid.
      customOptions: {
        coerceTypes: false,
        removeAdditional: false,
        allErrors: true,
        useDefaults: true,
        // `/wallet/submit` takes arguments as an object or an array.
        allowUnionTypes: true,
      },
    },
  });
  // Fastify parses text/plain by default, which would send a text body to
  // schema validation (400) instead of returning 415.
  server.removeContentTypeParser('text/plain');
  return server as unknown as FastifyInstance;
}

async function registerDocs(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Bittensor Manage Service',
        description:
          'Signs and submits Subtensor transactions with keys that never leave the service.',
        version: '0.1.0',
      },
      components: {
        securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } },
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
}

function inMemoryCommits(app: FastifyInstance): PendingCommitStore {
  const store = PendingCommitStore.open(':memory:');
  app.addHook('onClose', async () => store.close());
  return store;
}

function inMemorySpendLedger(app: FastifyInstance): SpendLedger {
  const ledger = SpendLedger.open(':memory:');
  app.addHook('onClose', async () => ledger.close());
  return ledger;
}

/**
 * Logs each request once, when it completes, with its method, path, status
 * and duration. The line on arrival is written at debug level only. The
 * completion line skips redaction, which costs about 17 µs a line with the
 * service logger's paths (pino 10.4, a loop measured by hand). Every field
 * of it comes from the two serializers, and they copy no header and no body.
 */
function registerRequestLog(app: FastifyInstance, logger: Logger): void {
  const accessLog = logger.child(
    { component: 'http' },
    { redact: [], serializers: { req: serializeRequest, res: serializeReply } },
  );
  // The level is fixed at start, so at info level no request pays for this hook.
  if (logger.isLevelEnabled('debug')) {
    app.addHook('onRequest', async (request) => {
      request.log.debug({ req: request }, 'incoming request');
    });
  }
  app.addHook('onResponse', async (request, reply) => {
    accessLog.info(
      { reqId: request.id, req: request, res: reply, responseTime: reply.elapsedTime },
      'request completed',
    );
  });
}

/** Builds the HTTP API; the caller listens on it or injects requests in tests. */
export async function buildApp(deps: AppDependencies): Promise<FastifyInstance> {
  const app = createFastify(deps);
  registerRequestLog(app, deps.logger);
  app.addHook('onRequest', async (request, reply) => {
    reply.header(REQUEST_ID_HEADER, request.id);
  });
  await registerDocs(app);
  registerErrorHandler(app);
  const metrics =
    deps.metrics ??
    new ServiceMetrics({
      connection: deps.connection,
      queue: deps.submitter.queue,
      signerCount: () => deps.signers.signerCount,
    });
  registerMetrics(app, metrics);
  // The audit hook runs first, so a request rejected for its token is audited too.
  registerAudit(app, deps.audit, metrics);
  registerLoadShedding(app, deps.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT);
  registerAuthentication(app, deps.authenticator);
  registerAuthorization(app);
  if (deps.idempotency) {
    registerIdempotency(app, deps.idempotency);
  }
  registerSecurityHeaders(app, deps.https !== undefined);

  registerHealthRoutes(app, deps.connection, { signingKeys: () => deps.signers.signerCount });
  registerWalletInfoRoute(app, deps.signers);
  registerAdminRoutes(app, {
    signers: deps.signers,
    audit: deps.audit,
    reloadTokens: deps.reloadTokens,
  });
  registerSignRoutes(app, deps.signers);
  const txDeps = {
    signers: deps.signers,
    connection: deps.connection,
    submitter: deps.submitter,
    txTimeoutMs: deps.txTimeoutMs,
  };
  const weightsDeps = { ...txDeps, commits: deps.commits ?? inMemoryCommits(app) };
  registerSetWeightsRoute(app, weightsDeps);
  registerServeAxonRoute(app, txDeps);
  registerWeightsOperationRoutes(app, weightsDeps);
  registerColdkeyOperationRoutes(app, {
    ...txDeps,
    coldkeyPolicy: deps.coldkeyPolicy,
    spendLedger: deps.spendLedger ?? inMemorySpendLedger(app),
  });
  await app.ready();
  return app;
}
