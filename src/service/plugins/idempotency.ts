import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { paramsDigest } from '../../audit/params-digest.js';
import type { IdempotencyStore } from '../../audit/idempotency-store.js';
import { ApiError } from '../errors.js';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
const KEY_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

interface ClaimedKey {
  tokenId: string;
  key: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    idempotency: ClaimedKey | undefined;
  }
}

function headerKey(request: FastifyRequest): string | undefined {
  const value = request.headers[IDEMPOTENCY_HEADER];
  if (value === undefined) {
    return undefined;
  }
  if (typeof value !== 'string' || !KEY_PATTERN.test(value)) {
    throw new ApiError(
      'INVALID_REQUEST',
      'Idempotency-Key must be 1 to 128 characters of letters, digits, ".", "_", ":" or "-", sent once',
    );
  }
  return value;
}

/** Returns whether a response left the chain untouched, so the same key may be used again. */
function sentNothing(status: number, payload: unknown): boolean {
  if (status !== 429 && status < 500) {
    return false;
  }
  return typeof payload !== 'string' || !payload.includes('"tx_hash"');
}

/**
 * Makes POST wallet operations idempotent per token and `Idempotency-Key`:
 * the first response is stored with the audit record and returned again for a
 * repeat with the same body. A repeat while the first runs, or after the
 * process died during the first, gets 409 instead of a second transaction.
 */
export function registerIdempotency(app: FastifyInstance, store: IdempotencyStore): void {
  app.decorateRequest('idempotency', undefined);

  app.addHook('preHandler', async (request, reply: FastifyReply) => {
    if (request.method !== 'POST' || !request.routeOptions.config.operation || !request.identity) {
      return;
    }
    const key = headerKey(request);
    if (key === undefined) {
      return;
    }
    const tokenId = request.identity.id;
    const route = request.routeOptions.url ?? request.url;
    const claim = store.claim(tokenId, key, route, paramsDigest(request.body));
    switch (claim.kind) {
      case 'new':
        request.idempotency = { tokenId, key };
        return;
      case 'replay':
        reply.header('idempotent-replayed', 'true');
        return reply.code(claim.status).type('application/json').send(claim.response);
      case 'mismatch':
        throw new ApiError(
          'IDEMPOTENCY_KEY_REUSED',
          `Idempotency-Key ${key} was used for a different request (${claim.route} or other parameters); use a new key`,
        );
      case 'in_progress':
        throw new ApiError(
          'IDEMPOTENCY_IN_PROGRESS',
          `a request with Idempotency-Key ${key} is still running; wait for its answer`,
        );
      case 'interrupted':
        throw new ApiError(
          'IDEMPOTENCY_INTERRUPTED',
          `the service stopped while handling Idempotency-Key ${key}, so its transaction may or may not be on chain; check the audit log or chain before sending with a new key`,
        );
    }
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const claimed = request.idempotency;
    if (!claimed) {
      return payload;
    }
    if (sentNothing(reply.statusCode, payload)) {
      store.release(claimed.tokenId, claimed.key);
    } else {
      store.complete(claimed.tokenId, claimed.key, reply.statusCode, String(payload));
    }
    return payload;
  });
}
