import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ChainConnection } from '../chain/connection.js';
import type { AccountQueue } from '../chain/account-queue.js';

/** Sources the gauges read at scrape time. */
export interface MetricSources {
  connection: ChainConnection;
  queue: AccountQueue;
  signerCount: () => number;
}

/** Latency buckets in seconds, from sub-millisecond signing to a minute of finality. */
const LATENCY_BUCKETS = [
  0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60,
];

/**
 * Prometheus metrics of one service instance. Labels carry routes,
 * operations, outcomes and public account addresses, never request data.
 */
export class ServiceMetrics {
  readonly registry = new Registry();
  readonly requests: Counter<'method' | 'route' | 'status'>;
  readonly requestDuration: Histogram<'method' | 'route'>;
  readonly signingDuration: Histogram<'operation'>;
  readonly submissionDuration: Histogram<'operation'>;
  readonly transactions: Counter<'operation' | 'outcome' | 'chain_error'>;
  readonly auditWriteDuration: Histogram;

  constructor(sources: MetricSources) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'manage_' });
    this.requests = new Counter({
      name: 'manage_http_requests_total',
      help: 'HTTP requests by route and status code.',
      labelNames: ['method', 'route', 'status'],
      registers,
    });
    this.requestDuration = new Histogram({
      name: 'manage_http_request_duration_seconds',
      help: 'Time from request to response, in seconds.',
      labelNames: ['method', 'route'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.signingDuration = new Histogram({
      name: 'manage_signing_duration_seconds',
      help: 'Time spent computing signatures for one request, in seconds.',
      labelNames: ['operation'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.submissionDuration = new Histogram({
      name: 'manage_tx_submission_duration_seconds',
      help: 'Time from signing to the awaited transaction status, in seconds.',
      labelNames: ['operation'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.transactions = new Counter({
      name: 'manage_transactions_total',
      help: 'Transactions by operation, outcome and chain error name.',
      labelNames: ['operation', 'outcome', 'chain_error'],
      registers,
    });
    this.auditWriteDuration = new Histogram({
      name: 'manage_audit_write_duration_seconds',
      help: 'Time to write one audit record, in seconds.',
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.#registerGauges(sources, registers);
  }

  #registerGauges(sources: MetricSources, registers: Registry[]): void {
    new Gauge({
      name: 'manage_chain_connected',
      help: '1 while the chain connection is ready, 0 otherwise.',
      registers,
      collect() {
        this.set(sources.connection.state === 'ready' ? 1 : 0);
      },
    });
    new Gauge({
      name: 'manage_chain_best_block',
      help: 'Best block number seen on the chain connection.',
      registers,
      collect() {
        this.set(sources.connection.bestBlock);
      },
    });
    new Gauge({
      name: 'manage_keys_loaded',
      help: 'Keys that can sign.',
      registers,
      collect() {
        this.set(sources.signerCount());
      },
    });
    new Gauge({
      name: 'manage_account_queue_depth',
      help: 'Transactions running or waiting per signing account.',
      labelNames: ['account'],
      registers,
      collect() {
        this.reset();
        for (const [account, depth] of sources.queue.depths()) {
          this.set({ account }, depth);
        }
      },
    });
  }
}
