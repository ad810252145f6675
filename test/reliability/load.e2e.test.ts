import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stopChopsticksWorker } from '../../src/devnet/chopsticks.js';
import type { Devnet } from '../../src/devnet/devnet.js';
import type { RunningService } from '../../src/service/server.js';
import { startTestDevnet } from '../helpers/devnet.js';
import { captureLogger } from '../helpers/log-capture.js';
import { callService, startTestService } from '../helpers/service.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const token = 'load-test-token-91ac';
const MAX_IN_FLIGHT = 6;
const temp = makeTempDir('load');
const logs = captureLogger('load');
let devnet: Devnet;
let service: RunningService;

function body(weight: number, wallet = 'validator') {
  return {
    wallet_name: wallet,
    hotkey_name: 'default',
    transaction_data: {
      netuid: 2,
      uids: [1],
      weights: [weight],
      version_key: 1,
      wait_for_inclusion: true,
    },
  };
}

beforeAll(async () => {
  devnet = await startTestDevnet({
    walletPath: path.join(temp.dir, 'wallets'),
    logger: logs.logger,
  });
  service = await startTestService({
    walletPath: path.join(temp.dir, 'wallets'),
    chainEndpoint: devnet.endpoint,
    token,
    dataDir: temp.dir,
    logger: logs.logger,
    maxInFlight: MAX_IN_FLIGHT,
  });
  await service.connection.waitUntilReady(30_000);
});

afterAll(async () => {
  await service?.close();
  await devnet?.close();
  await stopChopsticksWorker();
  temp.remove();
});

describe('overload', () => {
  it('sheds excess requests with 503 and keeps /health fast', async () => {
    // One hotkey's transactions run one at a time, so 30 of them pile up in flight.
    const replies = Promise.all(
      Array.from({ length: 30 }, (_, index) =>
        callService(service, 'POST', '/wallet/set_weights', { token, body: body(100 + index) }),
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = performance.now();
    const health = await callService(service, 'GET', '/health');
    const healthMs = performance.now() - started;
    const results = await replies;

    expect(health.status).toBe(200);
    expect(healthMs).toBeLessThan(1000);
    const shed = results.filter((reply) => reply.status === 503);
    const landed = results.filter((reply) => reply.status === 200);
    expect(landed.length).toBeGreaterThanOrEqual(MAX_IN_FLIGHT);
    expect(shed.length).toBeGreaterThan(0);
    expect(landed.length + shed.length).toBe(30);
    for (const reply of shed) {
      expect(reply.body.error.code).toBe('OVERLOADED');
      expect(reply.headers.get('retry-after')).toMatch(/^\d+$/);
    }
    expect(
      service.audit.list({ operation: 'set_weights', limit: 100 }).length,
    ).toBeGreaterThanOrEqual(30);
  });
});

describe('idempotency keys', () => {
  it('replays the first answer for a repeated request', async () => {
    const headers = { 'idempotency-key': 'replay-1' };
    const first = await callService(service, 'POST', '/wallet/set_weights', {
      token,
      body: body(7),
      headers,
    });
    const second = await callService(service, 'POST', '/wallet/set_weights', {
      token,
      body: body(7),
      headers,
    });
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(second.body.tx_hash).toBe(first.body.tx_hash);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(first.headers.get('idempotent-replayed')).toBeNull();
  });

  it('rejects a key reused for another body', async () => {
    const headers = { 'idempotency-key': 'reuse-1' };
    expect(
      (await callService(service, 'POST', '/wallet/set_weights', { token, body: body(8), headers }))
        .status,
    ).toBe(200);
    const reused = await callService(service, 'POST', '/wallet/set_weights', {
      token,
      body: body(9),
      headers,
    });
    expect(reused.status).toBe(422);
    expect(reused.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('answers 409 while the first request runs', async () => {
    const headers = { 'idempotency-key': 'parallel-1' };
    const [a, b] = await Promise.all([
      callService(service, 'POST', '/wallet/set_weights', { token, body: body(10), headers }),
      callService(service, 'POST', '/wallet/set_weights', { token, body: body(10), headers }),
    ]);
    const statuses = [a.status, b.status].sort();
    expect(statuses).toEqual([200, 409]);
    const conflict = a.status === 409 ? a : b;
    expect(conflict.body.error.code).toBe('IDEMPOTENCY_IN_PROGRESS');
  });

  it('rejects a malformed key with 400', async () => {
    const reply = await callService(service, 'POST', '/wallet/set_weights', {
      token,
      body: body(11),
      headers: { 'idempotency-key': 'bad key with spaces' },
    });
    expect(reply.status).toBe(400);
  });
});
