import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { OPERATIONS } from '../../src/security/operations.js';
import type { RunningService } from '../../src/service/server.js';
import { captureLogger } from '../helpers/log-capture.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { httpRequest, rawRequest, type RawResponse } from './http-client.js';
import { buildCorpus, rawHttp, type MalformedCase } from './malformed-corpus.js';
import { addToken, startScopedService, writeTestWallet, type TestWallet } from './service-setup.js';

const BODY_LIMIT = 128 * 1024;
const temp = makeTempDir('malformed-input');
const walletPath = path.join(temp.dir, 'wallets');
const tokenFile = path.join(temp.dir, 'tokens.yaml');
const logs = captureLogger('malformed-input');
const results: { item: MalformedCase; answer: RawResponse }[] = [];
let service: RunningService;
let token: string;
let miner: TestWallet;
let duplicateAuthorization: RawResponse;

beforeAll(async () => {
  miner = await writeTestWallet(walletPath, 'miner', ['default']);
  await writeTestWallet(walletPath, 'validator', ['default']);
  // Every right and an enabled coldkey: a request that slips past validation
  // reaches the missing chain and gets 503, which the checks below catch.
  const policy = { policy: { wallets: { miner: { coldkey: { enabled: true } } } } };
  writeFileSync(tokenFile, stringify(policy), { mode: 0o600 });
  token = addToken(tokenFile, {
    id: 'fuzzer',
    operations: [...OPERATIONS],
    wallets: ['*'],
    hotkeys: ['*'],
    coldkey: true,
  });
  service = await startScopedService({
    walletPath,
    tokenFile,
    dataDir: temp.dir,
    logger: logs.logger,
    bodyLimit: BODY_LIMIT,
  });
  const port = Number(new URL(service.url).port);
  const corpus = buildCorpus({ token, bodyLimit: BODY_LIMIT, address: miner.addresses.coldkey });
  for (const item of corpus) {
    results.push({ item, answer: await rawRequest(port, item.bytes) });
  }
});

afterAll(async () => {
  await service?.close();
  temp.remove();
});

describe('malformed input corpus', () => {
  it('holds more than 200 requests', () => {
    expect(results.length).toBeGreaterThan(200);
  });

  it('returns a 4xx for every request', () => {
    const wrong = results
      .filter(({ answer }) => answer.status < 400 || answer.status > 499)
      .map(({ item, answer }) => `${item.label}: ${answer.status} ${answer.text.slice(-200)}`);
    expect(wrong).toEqual([]);
  });

  it('returns each case its status', () => {
    const actual: Record<string, number> = {};
    const expected: Record<string, number> = {};
    for (const { item, answer } of results) {
      if (item.expected !== undefined) {
        actual[item.label] = answer.status;
        expected[item.label] = item.expected;
      }
    }
    expect(Object.keys(expected).length).toBeGreaterThan(200);
    expect(actual).toEqual(expected);
  });

  it('echoes no injected header', () => {
    for (const { item, answer } of results) {
      const head = answer.text.split('\r\n\r\n')[0] ?? '';
      expect(head, item.label).not.toMatch(/^set-cookie:/im);
      expect(head, item.label).not.toMatch(/^x-injected:/im);
      expect(head, item.label).not.toMatch(/^x-request-id: .*%0d/im);
    }
  });

  it('logs no unhandled error', () => {
    expect(logs.text()).not.toContain('unhandled error');
    expect(logs.text()).not.toMatch(/"level":(50|60)/);
  });

  it('leaves Object.prototype clean', () => {
    const probe = {} as Record<string, unknown>;
    expect(probe.polluted).toBeUndefined();
    expect(probe.permission).toBeUndefined();
  });

  it('responds to duplicate Authorization headers', async () => {
    const port = Number(new URL(service.url).port);
    const request = rawHttp({
      path: '/admin/keys',
      headers: [`Authorization: Bearer ${token}`, 'Authorization: Bearer wrong'],
    });
    duplicateAuthorization = await rawRequest(port, request);
    expect(duplicateAuthorization.status).toBeGreaterThan(0);
  });

  // Bug: node:http keeps the first of two Authorization headers and drops the
  // rest, so a valid token followed by another one authenticates. A proxy
  // that reads the last header then uses a different credential than the
  // service. RFC 9110 section 5.3 forbids repeating a singleton field.
  it('rejects duplicate Authorization headers', () => {
    expect(duplicateAuthorization.status).toBeGreaterThanOrEqual(400);
  });

  it('still serves health and a valid request', async () => {
    expect(service.app.server.listening).toBe(true);
    const health = await httpRequest(service.url, '/health');
    expect(health.status).toBe(200);
    expect(health.json).toEqual({ status: 'ok' });
    const sign = await httpRequest(service.url, '/wallet/sign', {
      method: 'POST',
      token,
      body: { wallet_name: 'miner', hotkey_name: 'default', messages: [{ data: 'after' }] },
    });
    expect(sign.status).toBe(200);
    expect(sign.json?.signer).toBe(miner.addresses.hotkeys.default);
    const weights = await httpRequest(service.url, '/wallet/set_weights', {
      method: 'POST',
      token,
      body: {
        wallet_name: 'validator',
        hotkey_name: 'default',
        transaction_data: { netuid: 2, uids: [0], weights: [1], version_key: 1 },
      },
    });
    // Past authentication, scope and validation, the missing chain gives 503.
    expect(weights.status).toBe(503);
  });
});
