import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningService } from '../../src/service/server.js';
import { captureLogger } from '../helpers/log-capture.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { httpRequest, type ServiceResponse } from './http-client.js';
import { addToken, startScopedService, writeTestWallet } from './service-setup.js';

const REQUESTS_PER_MINUTE = 5;
const temp = makeTempDir('rate-limit');
const walletPath = path.join(temp.dir, 'wallets');
const tokenFile = path.join(temp.dir, 'tokens.yaml');
const logs = captureLogger('rate-limit');
let service: RunningService;
let limited: string;
let unlimited: string;
let operator: string;

function sign(token: string): Promise<ServiceResponse> {
  return httpRequest(service.url, '/wallet/sign', {
    method: 'POST',
    token,
    body: { wallet_name: 'miner', hotkey_name: 'default', messages: [{ data: 'rate' }] },
  });
}

beforeAll(async () => {
  await writeTestWallet(walletPath, 'miner', ['default']);
  const scope = { operations: ['sign'], wallets: ['miner'], hotkeys: ['miner/default'] };
  limited = addToken(tokenFile, {
    id: 'limited',
    ...scope,
    requestsPerMinute: REQUESTS_PER_MINUTE,
  });
  unlimited = addToken(tokenFile, { id: 'unlimited', ...scope });
  operator = addToken(tokenFile, { id: 'operator', operations: ['admin'] });
  service = await startScopedService({
    walletPath,
    tokenFile,
    dataDir: temp.dir,
    logger: logs.logger,
  });
});

afterAll(async () => {
  await service?.close();
  temp.remove();
});

describe('request rate limit', () => {
  it('answers 429 with Retry-After after the burst', async () => {
    const statuses: number[] = [];
    for (let index = 0; index < REQUESTS_PER_MINUTE; index++) {
      statuses.push((await sign(limited)).status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200]);

    const sixth = await sign(limited);
    expect(sixth.status).toBe(429);
    expect(sixth.json?.error?.code).toBe('RATE_LIMITED');
    expect(sixth.json?.error?.type).toBe('rate_limited');
    expect(sixth.json?.error?.message).toMatch(/token limited exceeded its 5 requests per minute/);
    expect(sixth.json?.signatures).toBeUndefined();
    // One request every 60/5 = 12 s refills the bucket.
    const retryAfter = Number(sixth.headers['retry-after']);
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(12);

    const audit = await httpRequest(
      service.url,
      `/admin/audit?request_id=${sixth.headers['x-request-id']}`,
      { token: operator },
    );
    expect(audit.json?.records?.[0]).toMatchObject({
      tokenId: 'limited',
      httpStatus: 429,
      errorCode: 'RATE_LIMITED',
    });
  });

  it('limits before the body is read', async () => {
    const malformed = await httpRequest(service.url, '/wallet/sign', {
      method: 'POST',
      token: limited,
      rawBody: '{not json',
      headers: { 'content-type': 'application/json' },
    });
    expect(malformed.status).toBe(429);
  });

  it('leaves other tokens and anonymous clients alone', async () => {
    expect((await sign(unlimited)).status).toBe(200);
    const anonymous = await httpRequest(service.url, '/wallet/sign', { method: 'POST' });
    expect(anonymous.status).toBe(401);
    const wrong = await sign(`${limited}x`);
    expect(wrong.status).toBe(401);
  });
});
