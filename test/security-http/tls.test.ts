import { mkdirSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revokeToken } from '../../src/security/token-admin.js';
import type { RunningService } from '../../src/service/server.js';
import { captureLogger } from '../helpers/log-capture.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import {
  createCa,
  issueClientCertificate,
  issueServerCertificate,
  readPair,
  type PemPair,
} from './certificates.js';
import { httpRequest, type HttpRequestOptions } from './http-client.js';
import { addToken, startScopedService, writeTestWallet } from './service-setup.js';

const temp = makeTempDir('security-tls');
const walletPath = path.join(temp.dir, 'wallets');
const tokenFile = path.join(temp.dir, 'tokens.yaml');
const logs = captureLogger('security-tls');
let service: RunningService;
let serverCa: Buffer;
let minerSecret: string;
let operatorSecret: string;
const clients: Record<string, PemPair> = {};

const SIGN_OWN_HOTKEY = {
  wallet_name: 'miner',
  hotkey_name: 'default',
  messages: [{ data: 'over tls' }],
};

/** Sends an HTTPS request that trusts the test server CA and presents `client` when given. */
function secureRequest(route: string, client?: string, options: HttpRequestOptions = {}) {
  return httpRequest(service.url, route, {
    ...options,
    tls: { ca: serverCa, ...(client === undefined ? {} : clients[client]) },
  });
}

function signAs(client: string | undefined, hotkey = 'default', token?: string) {
  return secureRequest('/wallet/sign', client, {
    method: 'POST',
    token,
    body: { ...SIGN_OWN_HOTKEY, hotkey_name: hotkey },
  });
}

beforeAll(async () => {
  await writeTestWallet(walletPath, 'miner', ['default', 'other']);
  minerSecret = addToken(tokenFile, {
    id: 'miner-node',
    operations: ['sign'],
    wallets: ['miner'],
    hotkeys: ['miner/default'],
  });
  operatorSecret = addToken(tokenFile, { id: 'operator', operations: ['admin'] });
  addToken(tokenFile, { id: 'revoked-node', operations: ['sign'], hotkeys: ['*'] });
  revokeToken(tokenFile, 'revoked-node');

  const certs = path.join(temp.dir, 'certs');
  mkdirSync(certs);
  const serverAuthority = createCa(certs, 'server-ca');
  const clientAuthority = createCa(certs, 'client-ca');
  const foreignAuthority = createCa(certs, 'foreign-ca');
  const server = issueServerCertificate(certs, serverAuthority);
  serverCa = readPair(serverAuthority).cert;
  clients.miner = readPair(issueClientCertificate(certs, 'miner', clientAuthority, 'miner-node'));
  clients.ghost = readPair(issueClientCertificate(certs, 'ghost', clientAuthority, 'ghost-node'));
  clients.revoked = readPair(
    issueClientCertificate(certs, 'revoked', clientAuthority, 'revoked-node'),
  );
  clients.foreign = readPair(
    issueClientCertificate(certs, 'foreign', foreignAuthority, 'miner-node'),
  );
  // Signed by the CA that the server trusts for its own certificate, not for clients.
  clients.serverCaSigned = readPair(
    issueClientCertificate(certs, 'server-ca-signed', serverAuthority, 'miner-node'),
  );

  service = await startScopedService({
    walletPath,
    tokenFile,
    dataDir: temp.dir,
    logger: logs.logger,
    tls: { cert: server.cert, key: server.key, clientCa: clientAuthority.cert },
  });
});

afterAll(async () => {
  await service?.close();
  temp.remove();
});

describe('HTTPS', () => {
  it('serves a bearer token over HTTPS', async () => {
    expect(service.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const answer = await signAs(undefined, 'default', minerSecret);
    expect(answer.status).toBe(200);
    expect(answer.json?.signatures).toHaveLength(1);
  });

  it('sends HSTS on every answer', async () => {
    const health = await secureRequest('/health');
    const rejected = await secureRequest('/admin/keys');
    for (const answer of [health, rejected]) {
      expect(answer.headers['strict-transport-security']).toMatch(/^max-age=\d{7,}/);
    }
    expect(rejected.status).toBe(401);
  });

  it('rejects plain HTTP on the HTTPS port', async () => {
    const plainUrl = service.url.replace('https:', 'http:');
    const outcome = await new Promise<string>((resolve) => {
      const request = http.get(`${plainUrl}/health`, { agent: false }, (response) => {
        response.resume();
        resolve(`status ${response.statusCode}`);
      });
      request.setTimeout(5_000, () => request.destroy(new Error('timed out')));
      request.on('error', (error: NodeJS.ErrnoException) => resolve(`error ${error.code}`));
    });
    // No HTTP response at all: the TLS layer drops the connection.
    expect(outcome).toMatch(/^error /);
  });

  it('rejects a client that does not trust the server', async () => {
    const attempt = httpRequest(service.url, '/health', { tls: {} });
    await expect(attempt).rejects.toThrow(/self[- ]signed|unable to verify|certificate/i);
  });
});

describe('mutual TLS', () => {
  it('authenticates a client certificate as its token', async () => {
    const answer = await signAs('miner');
    expect(answer.status).toBe(200);
    expect(answer.json?.signatures).toHaveLength(1);

    const audit = await secureRequest(
      `/admin/audit?request_id=${answer.headers['x-request-id']}`,
      undefined,
      { token: operatorSecret },
    );
    expect(audit.json?.records?.[0]?.tokenId).toBe('miner-node');
  });

  it('enforces the scope of the certificate token', async () => {
    const otherHotkey = await signAs('miner', 'other');
    expect(otherHotkey.status).toBe(403);
    expect(otherHotkey.json?.error?.message).toMatch(/miner-node may not use hotkey miner\/other/);
    const admin = await secureRequest('/admin/keys', 'miner');
    expect(admin.status).toBe(403);
    expect(admin.json?.error?.message).toMatch(/miner-node may not use operation admin/);
  });

  it('ignores certificates from other CAs', async () => {
    for (const client of ['foreign', 'serverCaSigned']) {
      const answer = await signAs(client);
      expect(answer.status, client).toBe(401);
      expect(answer.json?.signatures, client).toBeUndefined();
    }
  });

  it('rejects a certificate of an unknown or revoked token', async () => {
    for (const client of ['ghost', 'revoked']) {
      const answer = await signAs(client);
      expect(answer.status, client).toBe(401);
      expect(answer.json?.error?.code, client).toBe('UNAUTHORIZED');
    }
  });

  it('lets the bearer token decide when both are sent', async () => {
    const asOperator = await secureRequest('/admin/keys', 'miner', { token: operatorSecret });
    expect(asOperator.status).toBe(200);
    const wrongToken = await signAs('miner', 'default', `${minerSecret}x`);
    expect(wrongToken.status).toBe(401);
    const foreignWithToken = await signAs('foreign', 'default', minerSecret);
    expect(foreignWithToken.status).toBe(200);
  });
});
