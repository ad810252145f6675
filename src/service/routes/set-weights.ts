import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { paramsDigest } from '../../audit/params-digest.js';
import type { PendingCommit } from '../../commits/index.js';
import {
  parseSetWeightsBody,
  setWeights,
  summarizeSetWeights,
  type SetWeightsResult,
  type WeightsDependencies,
  type WeightsRequest,
} from '../operations/set-weights.js';
import { WeightsRateLimitedError } from '../operations/weights-rate-limit.js';
import { SET_WEIGHTS_ROUTE_SCHEMA, type SetWeightsBody } from '../schemas/set-weights.js';
import { txResponse } from './tx-response.js';

/** Fills the audit record of a weights request before anything is sent. */
export function auditWeightsRequest(
  request: FastifyRequest<{ Body: SetWeightsBody }>,
  input: WeightsRequest,
): void {
  if (request.audit) {
    request.audit.wallet = input.wallet;
    request.audit.hotkey = input.hotkey;
    request.audit.paramsDigest = paramsDigest(request.body.transaction_data);
    request.audit.paramsSummary = summarizeSetWeights(input);
  }
}

/**
 * Runs `operation` and, when the chain's weights rate limit stopped it, adds
 * `Retry-After` (blocks left times 12 s) before the error handler sends the response.
 */
export async function withRetryAfter<T>(reply: FastifyReply, operation: () => Promise<T>) {
  try {
    return await operation();
  } catch (error) {
    if (error instanceof WeightsRateLimitedError) {
      reply.header('Retry-After', String(Math.max(1, error.retryAfterSeconds)));
    }
    throw error;
  }
}

/** Returns the response fields of a stored hash commit; unknown blocks are left out. */
export function commitFields(commit: PendingCommit) {
  return {
    commit_id: commit.id,
    commit_hash: commit.commitHash,
    commit_state: commit.state,
    ...(commit.commitBlock === null ? {} : { commit_block: commit.commitBlock }),
    ...(commit.firstRevealBlock === null ? {} : { first_reveal_block: commit.firstRevealBlock }),
    ...(commit.lastRevealBlock === null ? {} : { last_reveal_block: commit.lastRevealBlock }),
  };
}

function setWeightsResponse(request: FastifyRequest, result: SetWeightsResult) {
  return {
    ...txResponse(request, result.call, result),
    path: result.path,
    call: result.call,
    ...(result.revealRound === undefined ? {} : { reveal_round: result.revealRound }),
    ...(result.commit ? commitFields(result.commit) : {}),
  };
}

export function registerSetWeightsRoute(app: FastifyInstance, deps: WeightsDependencies): void {
  app.post<{ Body: SetWeightsBody }>(
    '/wallet/set_weights',
    {
      schema: SET_WEIGHTS_ROUTE_SCHEMA,
      config: { operation: 'set_weights', permission: 'set_weights' },
    },
    async (request, reply) => {
      const input = parseSetWeightsBody(request.body);
      auditWeightsRequest(request, input);
      const stopTimer = request.server.metrics.submissionDuration.startTimer({
        operation: 'set_weights',
      });
      const result = await withRetryAfter(reply, () => setWeights(deps, input)).finally(() =>
        stopTimer(),
      );
      if (request.audit) {
        request.audit.paramsSummary = summarizeSetWeights(input, result.path);
      }
      return setWeightsResponse(request, result);
    },
  );
}
