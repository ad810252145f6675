import type { TxOutcome } from '../chain/submitter.js';
import type { Identity } from './auth/identity.js';
import type { ApiError } from './errors.js';
import type { ServiceMetrics } from './metrics.js';

/** Audit facts about one wallet request, filled in as it runs. */
export interface AuditContext {
  operation: string;
  startedAt: bigint;
  wallet?: string;
  hotkey?: string;
  keyAddress?: string;
  paramsDigest?: string;
  paramsSummary?: string;
  outcome?: TxOutcome;
  error?: ApiError;
}

declare module 'fastify' {
  interface FastifyInstance {
    metrics: ServiceMetrics;
  }
  interface FastifyRequest {
    identity: Identity | undefined;
    audit: AuditContext | undefined;
  }
  interface FastifyContextConfig {
    /** Operation name written to the audit log; routes without it are not audited. */
    operation?: string;
    /** False for routes that need no token (health, readiness, docs). */
    authenticate?: boolean;
  }
}
