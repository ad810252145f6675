import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  authorize,
  RequestRateLimiter,
  hasScope,
  type KeyRole,
  type Operation,
} from '../../security/index.js';
import { ApiError } from '../errors.js';

/** Wallet, hotkey and netuid that a request names. */
interface KeyReference {
  wallet?: string;
  hotkey?: string;
  netuid?: number;
}

function keyReference(request: FastifyRequest): KeyReference {
  const source = (request.body ?? request.query ?? {}) as Record<string, unknown>;
  const data = source.transaction_data as Record<string, unknown> | undefined;
  const netuid = data?.netuid ?? source.netuid;
  return {
    wallet: typeof source.wallet_name === 'string' ? source.wallet_name : undefined,
    hotkey: typeof source.hotkey_name === 'string' ? source.hotkey_name : undefined,
    netuid: typeof netuid === 'number' ? netuid : undefined,
  };
}

/**
 * Enforces each token's scope. The rate limit runs right after
 * authentication, before the body is read. The scope check runs after
 * validation, on the wallet, hotkey and netuid the body names. Every route
 * with a `permission` is default-deny: a token needs that operation, the
 * wallet and hotkey (or coldkey right) and the netuid.
 */
export function registerAuthorization(
  app: FastifyInstance,
  limiter = new RequestRateLimiter(),
): void {
  app.addHook('onRequest', async (request, reply) => {
    const identity = request.identity;
    if (!identity || !hasScope(identity)) {
      return;
    }
    const decision = limiter.take(identity.id, identity.scope.limits.requestsPerMinute);
    if (!decision.ok) {
      reply.header('Retry-After', String(decision.retryAfterSeconds));
      throw new ApiError(
        'RATE_LIMITED',
        `token ${identity.id} exceeded its ${identity.scope.limits.requestsPerMinute} requests per minute; retry after ${decision.retryAfterSeconds} s`,
      );
    }
  });

  app.addHook('preHandler', async (request) => {
    const config = request.routeOptions.config;
    const permission = config.permission;
    if (permission === undefined || permission === null || !request.identity) {
      return;
    }
    const identity = request.identity;
    if (!hasScope(identity)) {
      throw new ApiError(
        'FORBIDDEN',
        `credential ${identity.id} carries no scope; use a token from the token file`,
      );
    }
    const reference = keyReference(request);
    const decision = authorize(identity, {
      operation: permission,
      keyRole: config.keyRole ?? 'hotkey',
      ...reference,
    });
    if (!decision.allowed) {
      throw new ApiError('FORBIDDEN', decision.reason);
    }
  });
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Token operation this route needs; null for routes any valid token may call. */
    permission?: Operation | null;
    /** Key role of the named wallet that the route uses; defaults to `hotkey`. */
    keyRole?: KeyRole;
  }
}
