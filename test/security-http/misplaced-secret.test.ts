import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { captureLogger } from '../helpers/log-capture.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { httpRequest, type ServiceResponse } from './http-client.js';
import { encodedForms, findLeaks } from './secret-forms.js';
import { addToken, startScopedService, writeTestWallet } from './service-setup.js';

// Clients that put a secret where the API expects a name or in the URL. The
// secret is the client's own, but the service still must not copy it into
// its log or audit database, where more people can read it.

const temp = makeTempDir('misplaced-secret');
const walletPath = path.join(temp.dir, 'wallets');
const tokenFile = path.join(temp.dir, 'tokens.yaml');
let miner: string;
let validator: string;
let walletNameResponse: ServiceResponse;
let queryResponse: ServiceResponse;
const logs = captureLogger('misplaced-secret');

function auditText(): string {
  return readdirSync(temp.dir)
    .filter((name) => name.startsWith('audit.sqlite'))
    .map((name) => readFileSync(path.join(temp.dir, name)).toString('latin1'))
    .join('\n');
}

/** Log lines of one request, found by its request id. */
function logLinesOf(answer: ServiceResponse): string {
  const requestId = String(answer.headers['x-request-id']);
  return logs
    .text()
    .split('\n')
    .filter((line) => line.includes(`"reqId":"${requestId}"`))
    .join('\n');
}

function leaksOfMinerToken(places: [string, string][]): string[] {
  return findLeaks([{ name: 'miner token', forms: encodedForms(miner) }], places);
}

beforeAll(async () => {
  await writeTestWallet(walletPath, 'miner', ['default']);
  miner = addToken(tokenFile, {
    id: 'miner-node',
    operations: ['sign'],
    wallets: ['miner'],
    hotkeys: ['miner/default'],
  });
  validator = addToken(tokenFile, {
    id: 'validator-node',
    operations: ['sign'],
    wallets: ['validator'],
    hotkeys: ['validator/default'],
  });
  const service = await startScopedService({
    walletPath,
    tokenFile,
    dataDir: temp.dir,
    logger: logs.logger,
  });
  try {
    walletNameResponse = await httpRequest(service.url, '/wallet/sign', {
      method: 'POST',
      token: validator,
      body: { wallet_name: miner, hotkey_name: 'default', messages: [{ data: 'x' }] },
    });
    queryResponse = await httpRequest(service.url, `/admin/keys?token=${miner}`);
  } finally {
    await service.close();
  }
});

afterAll(() => {
  temp.remove();
});

it('rejects both misplaced secrets', () => {
  expect(walletNameResponse.status).toBe(403);
  expect(queryResponse.status).toBe(401);
  expect(logLinesOf(walletNameResponse)).toContain('request rejected');
  expect(logLinesOf(queryResponse)).toContain('request completed');
  expect(logLinesOf(queryResponse)).toContain('"path":"/admin/keys"');
});

// Bug: a token secret matches the wallet-name pattern, so the 403 reason
// (src/security/authorize.ts checkKey via displayName), the "request
// rejected" log line and the audit column `wallet` (plugins/audit.ts
// safeName) all repeat it. AuditEntry promises it never contains a secret.
it('keeps a secret sent as wallet name private', () => {
  const places: [string, string][] = [
    ['answer', walletNameResponse.text],
    ['logs', logLinesOf(walletNameResponse)],
    ['audit', auditText()],
  ];
  expect(leaksOfMinerToken(places)).toEqual([]);
});

// Bug: fastify's "incoming request" log line copied the whole URL, query
// string included, so a secret that a client put in the query reached the log.
it('keeps query-string secrets out of logs', () => {
  expect(leaksOfMinerToken([['logs', logLinesOf(queryResponse)]])).toEqual([]);
});
