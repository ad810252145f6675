import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ManageServiceClient,
  type ManageServiceClientOptions,
} from '../../src/client/manage-client.js';
import { ManageServiceError, ServiceUnreachableError } from '../../src/client/errors.js';
import type { SetWeightsBody } from '../../src/client/api-types.js';
import { captureLogger } from '../helpers/log-capture.js';
import { closedPort, FaultServer, serviceError, type Fault } from './fault-server.js';

const TOKEN = 'client-test-token-7f3a';

const SET_WEIGHTS: SetWeightsBody = {
  wallet_name: 'validator',
  hotkey_name: 'default',
  transaction_data: { netuid: 2, uids: [0, 1], weights: [100, 65535], version_key: 7 },
};

const SIGN = {
  wallet_name: 'validator',
  hotkey_name: 'default',
  messages: [{ data: 'hello' }],
};

const SIGN_OK: Fault = {
  kind: 'reply',
  status: 200,
  body: { success: true, signer: '5Signer', signatures: [`0x${'ab'.repeat(64)}`] },
};

const TX_OK: Fault = {
  kind: 'reply',
  status: 200,
  body: {
    success: true,
    tx_hash: '0x01',
    status: 'submitted',
    nonce: 4,
    signer: '5Signer',
    request_id: 'r-ok',
  },
};

const UNAVAILABLE: Fault = {
  kind: 'reply',
  status: 503,
  body: serviceError(503, 'overloaded', 'QUEUE_FULL'),
};

let server: FaultServer;

function client(options: Partial<ManageServiceClientOptions> = {}): ManageServiceClient {
  return new ManageServiceClient({
    baseUrl: server.url,
    token: TOKEN,
    backoff: { baseMs: 10, maxMs: 50 },
    ...options,
  });
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

function gaps(times: number[]): number[] {
  return times.slice(1).map((time, index) => time - (times[index] ?? 0));
}

beforeEach(async () => {
  server = await FaultServer.start();
  server.setDefault('/wallet/sign', () => SIGN_OK);
  server.setDefault('/wallet/set_weights', () => TX_OK);
});

afterEach(async () => {
  await server.close();
});

describe('ManageServiceClient retries', () => {
  it('retries 503 until success', async () => {
    server.script('/wallet/sign', UNAVAILABLE, UNAVAILABLE);
    const response = await client().sign(SIGN);
    expect(response.signatures).toEqual([`0x${'ab'.repeat(64)}`]);
    expect(server.requestsTo('/wallet/sign')).toHaveLength(3);
  });

  it('retries 504 on idempotent requests', async () => {
    const timeout: Fault = {
      kind: 'reply',
      status: 504,
      body: serviceError(504, 'timeout', 'TX_TIMEOUT'),
    };
    server.script('/wallet/sign', timeout);
    await client().sign(SIGN);
    expect(server.requestsTo('/wallet/sign')).toHaveLength(2);
  });

  it('stops after the configured retries', async () => {
    server.setDefault('/wallet/sign', () => UNAVAILABLE);
    const error = await failure(client({ retries: 2 }).sign(SIGN));
    expect(error).toBeInstanceOf(ManageServiceError);
    expect((error as ManageServiceError).status).toBe(503);
    expect((error as ManageServiceError).code).toBe('QUEUE_FULL');
    expect(server.requestsTo('/wallet/sign')).toHaveLength(3);
  });

  it('defaults to three retries', async () => {
    server.setDefault('/wallet/sign', () => UNAVAILABLE);
    await failure(client().sign(SIGN));
    expect(server.requestsTo('/wallet/sign')).toHaveLength(4);
  });

  it.each([
    [400, 'invalid', 'INVALID_REQUEST'],
    [401, 'unauthorized', 'UNAUTHORIZED'],
    [403, 'forbidden', 'FORBIDDEN'],
    [404, 'not_found', 'KEY_NOT_FOUND'],
    [422, 'invalid', 'KEY_UNAVAILABLE'],
    [500, 'internal', 'INTERNAL'],
  ])('does not retry HTTP %i', async (status, type, code) => {
    server.setDefault('/wallet/sign', () => ({
      kind: 'reply',
      status,
      body: serviceError(status, type, code),
    }));
    const error = (await failure(client().sign(SIGN))) as ManageServiceError;
    expect(error).toBeInstanceOf(ManageServiceError);
    expect(error.status).toBe(status);
    expect(error.type).toBe(type);
    expect(error.code).toBe(code);
    expect(server.requestsTo('/wallet/sign')).toHaveLength(1);
  });

  it('gives up when a proxy answers 502', async () => {
    server.setDefault('/wallet/sign', () => ({
      kind: 'reply',
      status: 502,
      headers: { 'content-type': 'text/html' },
      body: '<html>Bad Gateway</html>',
    }));
    const error = (await failure(client().sign(SIGN))) as ManageServiceError;
    expect(error.code).toBe('UNEXPECTED_RESPONSE');
    expect(error.status).toBe(502);
    expect(error.type).toBe('internal');
    expect(server.requestsTo('/wallet/sign')).toHaveLength(1);
  });
});

describe('ManageServiceClient backoff', () => {
  it('doubles the wait without jitter', async () => {
    server.script('/wallet/sign', UNAVAILABLE, UNAVAILABLE, UNAVAILABLE);
    await client({ backoff: { baseMs: 100, maxMs: 1000, jitter: false } }).sign(SIGN);
    const waits = gaps(server.requestsTo('/wallet/sign').map((request) => request.at));
    const expected = [100, 200, 400];
    expect(waits).toHaveLength(3);
    for (const [index, wait] of waits.entries()) {
      expect(wait).toBeGreaterThanOrEqual((expected[index] ?? 0) - 2);
      expect(wait).toBeLessThan((expected[index] ?? 0) + 250);
    }
  });

  it('caps the wait at maxMs', async () => {
    server.script('/wallet/sign', UNAVAILABLE, UNAVAILABLE, UNAVAILABLE);
    await client({ backoff: { baseMs: 100, maxMs: 150, jitter: false } }).sign(SIGN);
    const waits = gaps(server.requestsTo('/wallet/sign').map((request) => request.at));
    expect(waits[2]).toBeGreaterThanOrEqual(148);
    expect(waits[2]).toBeLessThan(300);
  });

  it('keeps jittered waits under the ceiling', async () => {
    server.script('/wallet/sign', UNAVAILABLE, UNAVAILABLE, UNAVAILABLE);
    await client({ backoff: { baseMs: 100, maxMs: 1000, jitter: true } }).sign(SIGN);
    const waits = gaps(server.requestsTo('/wallet/sign').map((request) => request.at));
    const ceilings = [100, 200, 400];
    for (const [index, wait] of waits.entries()) {
      expect(wait).toBeLessThan((ceilings[index] ?? 0) + 250);
    }
  });

  it('honours Retry-After in seconds', async () => {
    server.script('/wallet/sign', {
      kind: 'reply',
      status: 503,
      headers: { 'retry-after': '1' },
      body: serviceError(503, 'chain_unavailable', 'CHAIN_UNAVAILABLE'),
    });
    await client({ backoff: { baseMs: 10, maxMs: 10, jitter: false } }).sign(SIGN);
    const [wait] = gaps(server.requestsTo('/wallet/sign').map((request) => request.at));
    expect(wait).toBeGreaterThanOrEqual(1000);
    expect(wait).toBeLessThan(1400);
  });

  it('caps a long Retry-After', async () => {
    server.script('/wallet/sign', {
      kind: 'reply',
      status: 503,
      headers: { 'retry-after': '3600' },
      body: serviceError(503, 'overloaded', 'QUEUE_FULL'),
    });
    const backoff = { baseMs: 10, maxMs: 10, jitter: false, maxRetryAfterMs: 200 };
    await client({ backoff }).sign(SIGN);
    const [wait] = gaps(server.requestsTo('/wallet/sign').map((request) => request.at));
    expect(wait).toBeGreaterThanOrEqual(200);
    expect(wait).toBeLessThan(600);
  });

  it('exposes Retry-After on the final error', async () => {
    server.setDefault('/wallet/sign', () => ({
      kind: 'reply',
      status: 503,
      headers: { 'retry-after': '0' },
      body: serviceError(503, 'overloaded', 'QUEUE_FULL'),
    }));
    const error = (await failure(client({ retries: 1 }).sign(SIGN))) as ManageServiceError;
    expect(error.retryAfterMs).toBe(0);
  });
});

describe('ManageServiceClient transaction resend rules', () => {
  it('resends set_weights after 503 without tx_hash', async () => {
    server.script('/wallet/set_weights', UNAVAILABLE);
    const response = await client().setWeights(SET_WEIGHTS);
    expect(response.tx_hash).toBe('0x01');
    expect(server.requestsTo('/wallet/set_weights')).toHaveLength(2);
  });

  it('does not resend set_weights after 503 with tx_hash', async () => {
    server.script('/wallet/set_weights', {
      kind: 'reply',
      status: 503,
      body: serviceError(503, 'chain_unavailable', 'CHAIN_UNAVAILABLE', { tx_hash: '0xfeed' }),
    });
    const error = (await failure(client().setWeights(SET_WEIGHTS))) as ManageServiceError;
    expect(error.txHash).toBe('0xfeed');
    expect(server.requestsTo('/wallet/set_weights')).toHaveLength(1);
  });

  it('does not resend set_weights after 504', async () => {
    server.script('/wallet/set_weights', {
      kind: 'reply',
      status: 504,
      body: serviceError(504, 'timeout', 'TX_TIMEOUT', { tx_hash: '0xbeef' }),
    });
    const error = (await failure(client().setWeights(SET_WEIGHTS))) as ManageServiceError;
    expect(error.code).toBe('TX_TIMEOUT');
    expect(server.requestsTo('/wallet/set_weights')).toHaveLength(1);
  });

  it('does not resend set_weights after a timeout', async () => {
    server.script('/wallet/set_weights', { kind: 'hang', ms: 5000 });
    const error = await failure(client({ timeoutMs: 200 }).setWeights(SET_WEIGHTS));
    expect(error).toBeInstanceOf(ServiceUnreachableError);
    const unreachable = error as ServiceUnreachableError;
    expect(unreachable.reason).toBe('TIMEOUT');
    expect(unreachable.maybeDelivered).toBe(true);
    expect(unreachable.attempts).toBe(1);
    expect(server.requestsTo('/wallet/set_weights')).toHaveLength(1);
  });

  it('does not resend serve_axon after a reset', async () => {
    server.script('/wallet/serve_axon', { kind: 'reset' });
    const body = {
      wallet_name: 'miner',
      hotkey_name: 'default',
      transaction_data: { netuid: 2, ip: '203.0.113.5', port: 8091 },
    };
    const error = (await failure(client().serveAxon(body))) as ServiceUnreachableError;
    expect(error).toBeInstanceOf(ServiceUnreachableError);
    expect(error.maybeDelivered).toBe(true);
    expect(error.reason).not.toBe('TIMEOUT');
    expect(server.requestsTo('/wallet/serve_axon')).toHaveLength(1);
  });

  it('resends sign after a reset', async () => {
    server.script('/wallet/sign', { kind: 'reset' }, { kind: 'reset' });
    const response = await client().sign(SIGN);
    expect(response.signatures).toHaveLength(1);
    expect(server.requestsTo('/wallet/sign')).toHaveLength(3);
  });

  it('resends sign after a timeout', async () => {
    server.script('/wallet/sign', { kind: 'hang', ms: 5000 });
    const response = await client({ timeoutMs: 200 }).sign(SIGN);
    expect(response.signer).toBe('5Signer');
    expect(server.requestsTo('/wallet/sign')).toHaveLength(2);
  });

  it('resends set_weights while the connection is refused', async () => {
    const port = await closedPort();
    const slowClient = new ManageServiceClient({
      baseUrl: `http://127.0.0.1:${port}`,
      token: TOKEN,
      backoff: { baseMs: 300, maxMs: 2000, jitter: false },
    });
    const pending = slowClient.setWeights(SET_WEIGHTS);
    // The first attempt is refused; the service comes up before the retry at about 300 ms.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const lateServer = await FaultServer.start(port);
    lateServer.setDefault('/wallet/set_weights', () => TX_OK);
    try {
      const response = await pending;
      expect(response.nonce).toBe(4);
      expect(lateServer.requestsTo('/wallet/set_weights')).toHaveLength(1);
    } finally {
      await lateServer.close();
    }
  });
});

describe('ManageServiceClient errors', () => {
  it('keeps every field of an error body', async () => {
    server.setDefault('/wallet/set_weights', () => ({
      kind: 'reply',
      status: 422,
      body: {
        success: false,
        error: {
          type: 'chain_rejected',
          code: 'CHAIN_REJECTED',
          message: 'chain rejected set_weights with SubtensorModule.NotRegistered',
          chain_error: 'NotRegistered',
          chain_pallet: 'SubtensorModule',
          tx_hash: '0xabc',
        },
        request_id: 'req-42',
      },
    }));
    const error = (await failure(client().setWeights(SET_WEIGHTS))) as ManageServiceError;
    expect(error).toBeInstanceOf(ManageServiceError);
    expect(error.status).toBe(422);
    expect(error.type).toBe('chain_rejected');
    expect(error.code).toBe('CHAIN_REJECTED');
    expect(error.message).toBe('chain rejected set_weights with SubtensorModule.NotRegistered');
    expect(error.chainError).toBe('NotRegistered');
    expect(error.chainPallet).toBe('SubtensorModule');
    expect(error.txHash).toBe('0xabc');
    expect(error.requestId).toBe('req-42');
    expect(error.origin).toBe('service');
  });

  it('reports refused connections after retries', async () => {
    const port = await closedPort();
    const refused = new ManageServiceClient({
      baseUrl: `http://127.0.0.1:${port}`,
      token: TOKEN,
      backoff: { baseMs: 5, maxMs: 10 },
    });
    const error = (await failure(refused.setWeights(SET_WEIGHTS))) as ServiceUnreachableError;
    expect(error).toBeInstanceOf(ServiceUnreachableError);
    expect(error.reason).toBe('ECONNREFUSED');
    expect(error.attempts).toBe(4);
    expect(error.maybeDelivered).toBe(false);
    expect(error.target).toBe(`POST http://127.0.0.1:${port}/wallet/set_weights`);
    expect(error.message).not.toContain(TOKEN);
  });

  it('times out each attempt', async () => {
    server.setDefault('/wallet/sign', () => ({ kind: 'hang', ms: 5000 }));
    const started = performance.now();
    const error = (await failure(
      client({ timeoutMs: 150, retries: 1 }).sign(SIGN),
    )) as ServiceUnreachableError;
    const elapsed = performance.now() - started;
    expect(error.reason).toBe('TIMEOUT');
    expect(error.attempts).toBe(2);
    expect(elapsed).toBeGreaterThanOrEqual(300);
    expect(elapsed).toBeLessThan(2000);
  });

  it('stops waiting when the caller aborts', async () => {
    server.setDefault('/wallet/sign', () => UNAVAILABLE);
    const controller = new AbortController();
    const pending = client({ backoff: { baseMs: 5000, maxMs: 5000, jitter: false } }).sign(SIGN, {
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 100);
    const error = (await failure(pending)) as Error;
    expect(error.name).toBe('AbortError');
    expect(server.requestsTo('/wallet/sign')).toHaveLength(1);
  });
});

describe('ManageServiceClient requests', () => {
  it('sends the token and one request id per call', async () => {
    server.script('/wallet/sign', UNAVAILABLE);
    await client().sign(SIGN);
    const [first, second] = server.requestsTo('/wallet/sign');
    expect(first?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(first?.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(second?.headers['x-request-id']).toBe(first?.headers['x-request-id']);
    expect(first?.body).toEqual(SIGN);
  });

  it('logs each retry without the token', async () => {
    server.script('/wallet/sign', UNAVAILABLE);
    const capture = captureLogger('client-test', 'debug');
    await client({ logger: capture.logger }).sign(SIGN);
    const lines = capture
      .text()
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toHaveLength(1);
    expect(lines[0]?.msg).toBe('manage service request failed; retrying');
    expect(lines[0]?.attempt).toBe(1);
    expect(lines[0]?.reason).toBe('HTTP 503 QUEUE_FULL');
    expect(lines[0]?.target).toBe(`POST ${server.url}/wallet/sign`);
    expect(capture.text()).not.toContain(TOKEN);
  });

  it('sends wallet info as query parameters', async () => {
    server.setDefault('/wallet/info', () => ({
      kind: 'reply',
      status: 200,
      body: {
        wallet_name: 'validator',
        coldkey: { name: 'coldkey', can_sign: false },
        hotkey: { name: 'hk 1', address: '5Hot', can_sign: true },
      },
    }));
    const info = await client().walletInfo('validator', 'hk 1');
    expect(info.hotkey.address).toBe('5Hot');
    const [request] = server.requestsTo('/wallet/info');
    expect(request?.method).toBe('GET');
    expect(request?.query).toEqual({ wallet_name: 'validator', hotkey_name: 'hk 1' });
  });

  it('returns readiness when not ready', async () => {
    server.setDefault('/ready', () => ({
      kind: 'reply',
      status: 503,
      body: { ready: false, missing: ['chain'] },
    }));
    const ready = await client().ready();
    expect(ready).toEqual({ ready: false, missing: ['chain'] });
    expect(server.requestsTo('/ready')).toHaveLength(1);
  });

  it('keeps a base URL path prefix', async () => {
    server.setDefault('/manage/health', () => ({
      kind: 'reply',
      status: 200,
      body: { status: 'ok' },
    }));
    const prefixed = client({ baseUrl: `${server.url}/manage/` });
    expect(await prefixed.health()).toEqual({ status: 'ok' });
  });

  it('rejects a non-object success body', async () => {
    server.setDefault('/health', () => ({ kind: 'reply', status: 200, body: 'ok' }));
    const error = (await failure(client().health())) as ManageServiceError;
    expect(error.code).toBe('UNEXPECTED_RESPONSE');
  });

  it.each([
    ['ftp://127.0.0.1:21', /http/],
    ['not a url', /invalid manage service URL/],
    ['http://user:pw@127.0.0.1:1', /user name or password/],
  ])('rejects base URL %s', (baseUrl, message) => {
    expect(() => new ManageServiceClient({ baseUrl, token: TOKEN })).toThrow(message);
  });

  it('rejects a token with a line break without quoting it', () => {
    const make = () => new ManageServiceClient({ baseUrl: server.url, token: 'abc\r\nx-evil: 1' });
    expect(make).toThrow(/printable ASCII/);
    expect(make).not.toThrow(/abc/);
  });
});
