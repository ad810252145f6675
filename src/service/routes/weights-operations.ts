import type { FastifyInstance, FastifyRequest } from 'fastify';
import { paramsDigest } from '../../audit/params-digest.js';
import type { CommitState, PendingCommit } from '../../commits/index.js';
import { hasScope } from '../../security/index.js';
import {
  revealWeightsNow,
  summarizeReveal,
  type RevealRequest,
} from '../operations/commit-reveal.js';
import { commitWeights, parseCommitWeightsBody } from '../operations/commit-weights.js';
import { summarizeSetWeights, type WeightsDependencies } from '../operations/set-weights.js';
import {
  COMMIT_WEIGHTS_ROUTE_SCHEMA,
  LIST_COMMITS_ROUTE_SCHEMA,
  REVEAL_WEIGHTS_ROUTE_SCHEMA,
  type CommitsQuery,
  type CommitWeightsBody,
  type RevealWeightsBody,
} from '../schemas/commits.js';
import { auditWeightsRequest, commitFields, withRetryAfter } from './set-weights.js';
import { txResponse } from './tx-response.js';

/** Registers the commit-reveal routes (commit, reveal, pending commits). */
export function registerWeightsOperationRoutes(
  app: FastifyInstance,
  deps: WeightsDependencies,
): void {
  registerCommitWeightsRoute(app, deps);
  registerRevealWeightsRoute(app, deps);
  registerListCommitsRoute(app, deps);
}

function registerCommitWeightsRoute(app: FastifyInstance, deps: WeightsDependencies): void {
  app.post<{ Body: CommitWeightsBody }>(
    '/wallet/commit_weights',
    {
      schema: COMMIT_WEIGHTS_ROUTE_SCHEMA,
      config: { operation: 'commit_weights', permission: 'commit_weights' },
    },
    async (request, reply) => {
      const input = parseCommitWeightsBody(request.body);
      auditWeightsRequest(request, input);
      const stopTimer = request.server.metrics.submissionDuration.startTimer({
        operation: 'commit_weights',
      });
      const result = await withRetryAfter(reply, () => commitWeights(deps, input)).finally(() =>
        stopTimer(),
      );
      if (request.audit) {
        request.audit.paramsSummary = `${summarizeSetWeights(input)} commit_id=${result.commit.id}`;
      }
      return {
        ...txResponse(request, result.call, result),
        call: result.call,
        ...commitFields(result.commit),
      };
    },
  );
}

function parseRevealBody(body: RevealWeightsBody): RevealRequest {
  const data = body.transaction_data;
  return {
    wallet: body.wallet_name,
    hotkey: body.hotkey_name,
    netuid: data.netuid,
    commitId: data.commit_id,
    commitHash: data.commit_hash?.toLowerCase(),
    waitForFinalization: data.wait_for_finalization ?? false,
  };
}

function registerRevealWeightsRoute(app: FastifyInstance, deps: WeightsDependencies): void {
  app.post<{ Body: RevealWeightsBody }>(
    '/wallet/reveal_weights',
    {
      schema: REVEAL_WEIGHTS_ROUTE_SCHEMA,
      config: { operation: 'reveal_weights', permission: 'commit_weights' },
    },
    async (request) => {
      const input = parseRevealBody(request.body);
      if (request.audit) {
        request.audit.wallet = input.wallet;
        request.audit.hotkey = input.hotkey;
        request.audit.paramsDigest = paramsDigest(request.body.transaction_data);
        request.audit.paramsSummary = summarizeReveal(input);
      }
      const stopTimer = request.server.metrics.submissionDuration.startTimer({
        operation: 'reveal_weights',
      });
      const result = await revealWeightsNow(deps, input).finally(() => stopTimer());
      return {
        ...txResponse(request, result.call, result),
        call: result.call,
        ...commitFields(result.commit),
      };
    },
  );
}

/** Formats one stored commit for the list route; the salt stays in the store. */
function commitListItem(commit: PendingCommit) {
  return {
    ...commitFields(commit),
    netuid: commit.netuid,
    mechid: commit.mechid,
    hotkey: commit.hotkeyAddress,
    uids: commit.uids,
    weights: commit.weights,
    version_key: commit.versionKey.toString(),
    commit_tx_hash: commit.commitTxHash,
    reveal_tx_hash: commit.revealTxHash,
    reveal_block: commit.revealBlock,
    reveal_attempts: commit.revealAttempts,
    error: commit.error,
    created_at: commit.createdAt,
    updated_at: commit.updatedAt,
  };
}

/**
 * Converts digit-only `netuid` and `limit` query values to numbers before
 * validation, because query strings arrive as text and the service's Ajv
 * does not coerce types. The authorization hook then checks a token's
 * netuid limit against a number.
 */
async function numericQuery(request: FastifyRequest): Promise<void> {
  const query = request.query as Record<string, unknown>;
  for (const field of ['netuid', 'limit']) {
    const value = query[field];
    if (typeof value === 'string' && /^[0-9]{1,6}$/.test(value)) {
      query[field] = Number(value);
    }
  }
}

/** Netuids a scoped token may see; undefined when it is not limited. */
function allowedNetuids(request: FastifyRequest): readonly number[] | undefined {
  const identity = request.identity;
  return identity && hasScope(identity) ? identity.scope.limits.netuids : undefined;
}

function registerListCommitsRoute(app: FastifyInstance, deps: WeightsDependencies): void {
  app.get<{ Querystring: CommitsQuery }>(
    '/wallet/commits',
    {
      schema: LIST_COMMITS_ROUTE_SCHEMA,
      config: { operation: 'list_commits', permission: 'commit_weights' },
      preValidation: numericQuery,
    },
    async (request) => {
      const query = request.query;
      const netuids = allowedNetuids(request);
      const commits = deps.commits
        .list({
          wallet: query.wallet_name,
          hotkeyName: query.hotkey_name ?? 'default',
          netuid: query.netuid,
          states: query.state ? [query.state as CommitState] : undefined,
          limit: query.limit,
        })
        .filter((commit) => netuids === undefined || netuids.includes(commit.netuid));
      return { success: true, commits: commits.map(commitListItem), request_id: request.id };
    },
  );
}
