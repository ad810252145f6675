import type { FastifyInstance } from 'fastify';
import type { ServiceMetrics } from '../metrics.js';

/** Audited operations that submit no transaction; every other one feeds the transaction counter. */
const NON_TX_OPERATIONS = new Set(['sign', 'verify', 'admin', 'list_commits']);

/** Counts every request, times it, and serves `GET /metrics` in Prometheus text format. */
export function registerMetrics(app: FastifyInstance, metrics: ServiceMetrics): void {
  app.decorate('metrics', metrics);
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const labels = { method: request.method, route };
    metrics.requests.inc({ ...labels, status: String(reply.statusCode) });
    metrics.requestDuration.observe(labels, reply.elapsedTime / 1000);

    const context = request.audit;
    if (
      context &&
      !NON_TX_OPERATIONS.has(context.operation) &&
      (context.outcome || context.error)
    ) {
      const outcome = context.error ? context.error.code.toLowerCase() : context.outcome!.status;
      metrics.transactions.inc({
        operation: context.operation,
        outcome,
        chain_error: context.error?.chainError ?? '',
      });
    }
  });

  app.get(
    '/metrics',
    {
      schema: { summary: 'Prometheus metrics', tags: ['health'] },
      config: { authenticate: false },
    },
    async (_request, reply) => {
      reply.header('content-type', metrics.registry.contentType);
      return metrics.registry.metrics();
    },
  );
}
