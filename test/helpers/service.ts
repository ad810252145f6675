import path from 'node:path';
import type { Logger } from '../../src/log/logger.js';
import type { ServiceConfig } from '../../src/service/config.js';
import { startService, type RunningService } from '../../src/service/server.js';

export interface TestServiceOptions {
  walletPath: string;
  chainEndpoint: string;
  token: string;
  /** Folder for the audit database. */
  dataDir: string;
  logger: Logger;
  passwordFile?: string;
  txTimeoutMs?: number;
  maxInFlight?: number;
  tokenFile?: string;
}

/** Starts the real manage service on 127.0.0.1 with a free port. */
export function startTestService(options: TestServiceOptions): Promise<RunningService> {
  const config: ServiceConfig = {
    host: '127.0.0.1',
    port: 0,
    walletPath: options.walletPath,
    passwordFile: options.passwordFile,
    chainEndpoint: options.chainEndpoint,
    auditDb: path.join(options.dataDir, 'audit.sqlite'),
    txTimeoutMs: options.txTimeoutMs ?? 30_000,
    eraPeriod: 64,
    logLevel: 'debug',
    heapGrowingPercent: 0,
    token: { value: options.token, isDefault: false },
    maxInFlight: options.maxInFlight,
    tokenFile: options.tokenFile,
  };
  return startService(config, options.logger);
}

/** Sends a JSON request to the service and returns the status, headers and parsed body. */
export async function callService(
  service: { url: string },
  method: 'GET' | 'POST',
  route: string,
  options: {
    token?: string;
    body?: unknown;
    rawBody?: string;
    headers?: Record<string, string>;
    /** Client-side limit, so a hung request fails the test with a message. */
    timeoutMs?: number;
  } = {},
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are untyped JSON that tests index freely
): Promise<{ status: number; headers: Headers; body: Record<string, any> }> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token !== undefined) {
    headers.authorization = `Bearer ${options.token}`;
  }
  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
  }
  if (body !== undefined && headers['content-type'] === undefined) {
    headers['content-type'] = 'application/json';
  }
  const timeoutMs = options.timeoutMs ?? 90_000;
  const reply = await fetch(`${service.url}${route}`, {
    method,
    headers,
    body,
    signal: AbortSignal.timeout(timeoutMs),
  }).catch((error: unknown) => {
    throw new Error(`${method} ${route} got no answer within ${timeoutMs} ms: ${String(error)}`);
  });
  const text = await reply.text();
  return { status: reply.status, headers: reply.headers, body: text ? JSON.parse(text) : {} };
}

/** Polls `/ready` until it reports `expected`; throws after `timeoutMs`. */
export async function waitForReady(
  service: { url: string },
  expected: boolean,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const reply = await callService(service, 'GET', '/ready');
    if (reply.body.ready === expected) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for /ready to report ready=${expected}`);
}
