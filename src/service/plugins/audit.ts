import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AuditEntry, AuditLog, AuditOutcome } from '../../audit/audit-log.js';
import { AuditWriter } from '../../audit/audit-writer.js';
import { TOKEN_SECRET_PREFIX } from '../../security/decision.js';
import { ApiError, errorBody } from '../errors.js';
import type { ServiceMetrics } from '../metrics.js';
import type { AuditContext } from '../request-context.js';

/** Maximum length of a wallet or hotkey name copied into the audit log from a request that failed validation. */
const MAX_NAME_LENGTH = 64;
const NAME_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

function safeName(value: unknown): string | undefined {
  if (
    typeof value !== 'string' ||
    value.length > MAX_NAME_LENGTH ||
    !NAME_PATTERN.test(value) ||
    value.startsWith(TOKEN_SECRET_PREFIX)
  ) {
    return undefined;
  }
  return value;
}

function outcomeOf(context: AuditContext, status: number): AuditOutcome {
  if (status >= 500) {
    return 'failed';
  }
  if (status >= 400) {
    return 'rejected';
  }
  return context.outcome?.status === 'submitted' ? 'submitted' : 'success';
}

/** Builds the audit row for a finished request from its context and status. */
export function auditEntry(request: FastifyRequest, status: number): AuditEntry {
  const context = request.audit!;
  const body = request.body as Record<string, unknown> | undefined;
  const query = request.query as Record<string, unknown> | undefined;
  const error = context.error;
  const outcome = context.outcome;
  return {
    requestId: request.id,
    clientAddress: request.ip,
    tokenId: request.identity?.id,
    operation: context.operation,
    wallet: context.wallet ?? safeName(body?.wallet_name ?? query?.wallet_name),
    hotkey: context.hotkey ?? safeName(body?.hotkey_name ?? query?.hotkey_name),
    keyAddress: context.keyAddress,
    paramsDigest: context.paramsDigest,
    paramsSummary: context.paramsSummary,
    outcome: outcomeOf(context, status),
    httpStatus: status,
    errorType: error?.type,
    errorCode: error?.code,
    chainError: error?.chainPallet ? `${error.chainPallet}.${error.chainError}` : error?.chainError,
    txHash: outcome?.txHash ?? error?.txHash,
    blockHash: outcome?.blockHash,
    blockNumber: outcome?.blockNumber,
    durationMs: Number(process.hrtime.bigint() - context.startedAt) / 1e6,
  };
}

/**
 * Writes one audit record per request to an audited route, before the
 * response leaves. Records of concurrent requests share one commit, made in a
 * worker thread. If the write fails, the client gets a 500 instead of the
 * planned response, so no success is ever reported without its record.
 */
export function registerAudit(
  app: FastifyInstance,
  audit: AuditLog,
  metrics?: ServiceMetrics,
): void {
  // The writer has its own connection to the file, and reads through `audit` see its commits.
  const writer = new AuditWriter(audit.file);
  app.addHook('onClose', async () => writer.close());
  app.decorateRequest('audit', undefined);
  app.addHook('onRequest', async (request) => {
    const operation = request.routeOptions.config.operation;
    if (operation) {
      request.audit = { operation, startedAt: process.hrtime.bigint() };
    }
  });
  app.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload) => {
    if (!request.audit) {
      return payload;
    }
    try {
      const stopTimer = metrics?.auditWriteDuration.startTimer();
      await writer.append(auditEntry(request, reply.statusCode));
      stopTimer?.();
      return payload;
    } catch (error) {
      request.log.error({ err: error, operation: request.audit.operation }, 'audit write failed');
      const failure = new ApiError(
        'AUDIT_WRITE_FAILED',
        'the audit record could not be written; check the audit database and retry',
        { txHash: request.audit.outcome?.txHash },
      );
      reply.code(failure.status);
      return JSON.stringify(errorBody(failure, request.id));
    }
  });
}
