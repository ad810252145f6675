import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import { hexToU8a, u8aToHex } from '@polkadot/util';
import { cryptoWaitReady, signatureVerify } from '@polkadot/util-crypto';
import { ManageServiceError, ServiceUnreachableError } from '../../src/client/errors.js';
import { FallbackSigner, isServiceOutage } from '../../src/client/fallback-signer.js';
import { LocalSigner } from '../../src/client/local-signer.js';
import { ManageServiceClient } from '../../src/client/manage-client.js';
import { RemoteSigner } from '../../src/client/remote-signer.js';
import { captureLogger } from '../helpers/log-capture.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import {
  closedPort,
  FaultServer,
  serviceError,
  type Fault,
  type RecordedRequest,
} from './fault-server.js';
import { VECTOR_ADDRESS, VECTOR_MNEMONIC, writePlainHotkey } from './wallet-fixture.js';

const SWITCH_MESSAGE =
  'manage service unreachable; signing locally with wallet validator hotkey default';
const BACK_MESSAGE = 'manage service reachable again; signing through it';
const MESSAGE = new TextEncoder().encode('fallback test message');
const SET_WEIGHTS = { netuid: 1, uids: [0], weights: [65535], versionKey: 1 };

let temp: { dir: string; remove: () => void };
let servicePair: KeyringPair;
let otherPair: KeyringPair;
const servers: FaultServer[] = [];
const locals: LocalSigner[] = [];

interface LogLine {
  level: number;
  msg: string;
  [field: string]: unknown;
}

/** Stands in for the service: signs with `pair`, the key the service holds for validator/default. */
function serviceAnswers(pair: KeyringPair): (request: RecordedRequest) => Fault {
  return (request) => {
    if (request.path === '/health') {
      return { kind: 'reply', status: 200, body: { status: 'ok' } };
    }
    if (request.path === '/wallet/sign') {
      const body = request.body as { messages: { data: string }[] };
      const signatures = body.messages.map((message) =>
        u8aToHex(pair.sign(hexToU8a(message.data))),
      );
      return {
        kind: 'reply',
        status: 200,
        body: { success: true, signer: pair.address, signatures },
      };
    }
    return { kind: 'reply', status: 404, body: serviceError(404, 'not_found', 'ROUTE_NOT_FOUND') };
  };
}

async function startService(port = 0, pair = servicePair): Promise<FaultServer> {
  const server = await FaultServer.start(port);
  servers.push(server);
  for (const path of ['/health', '/wallet/sign']) {
    server.setDefault(path, serviceAnswers(pair));
  }
  return server;
}

function setDown(server: FaultServer): void {
  for (const path of ['/health', '/wallet/sign', '/wallet/set_weights']) {
    server.setDefault(path, () => ({ kind: 'reset' }));
  }
}

async function openLocal(): Promise<LocalSigner> {
  const { logger } = captureLogger('fallback-local', 'warn');
  const local = await LocalSigner.open({
    walletPath: temp.dir,
    wallet: 'validator',
    hotkey: 'default',
    logger,
  });
  locals.push(local);
  return local;
}

function build(
  url: string,
  local: LocalSigner | undefined,
  options: { probeIntervalMs?: number; unreachableLogIntervalMs?: number; timeoutMs?: number } = {},
) {
  const capture = captureLogger('fallback-test', 'debug');
  const client = new ManageServiceClient({
    baseUrl: url,
    token: 'fallback-test-token',
    retries: 1,
    timeoutMs: options.timeoutMs ?? 2000,
    backoff: { baseMs: 5, maxMs: 10 },
  });
  const remote = new RemoteSigner({ client, wallet: 'validator', hotkey: 'default' });
  const signer = new FallbackSigner({
    remote,
    local,
    logger: capture.logger,
    probeIntervalMs: options.probeIntervalMs ?? 60_000,
    unreachableLogIntervalMs: options.unreachableLogIntervalMs,
  });
  const lines = (): LogLine[] =>
    capture
      .text()
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as LogLine);
  const messages = (msg: string) => lines().filter((line) => line.msg === msg);
  return { signer, remote, lines, messages };
}

function verifies(signature: Uint8Array | undefined, address: string): boolean {
  return signatureVerify(MESSAGE, signature ?? new Uint8Array(), address).isValid;
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

beforeAll(async () => {
  await cryptoWaitReady();
  temp = makeTempDir('client-fallback');
  await writePlainHotkey(temp.dir, 'validator', 'default', VECTOR_MNEMONIC);
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
  servicePair = keyring.addFromUri(VECTOR_MNEMONIC);
  otherPair = keyring.addFromUri('//FallbackOtherKey');
});

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
  for (const local of locals.splice(0)) {
    local.close();
  }
});

afterAll(() => {
  temp.remove();
});

describe('FallbackSigner', () => {
  it('signs through the service while it answers', async () => {
    const server = await startService();
    const { signer, lines } = build(server.url, await openLocal());
    const [signature] = await signer.signMessages([MESSAGE]);
    expect(verifies(signature, VECTOR_ADDRESS)).toBe(true);
    expect(signer.mode).toBe('remote');
    expect(server.requestsTo('/wallet/sign')).toHaveLength(1);
    expect(lines().filter((line) => line.level >= 40)).toEqual([]);
  });

  it('signs locally when the service is refused', async () => {
    const port = await closedPort();
    const { signer, messages } = build(`http://127.0.0.1:${port}`, await openLocal());
    const [first] = await signer.signMessages([MESSAGE]);
    const [second] = await signer.signMessages([MESSAGE]);
    expect(signer.mode).toBe('local');
    expect(verifies(first, VECTOR_ADDRESS)).toBe(true);
    expect(verifies(second, VECTOR_ADDRESS)).toBe(true);
    const warnings = messages(SWITCH_MESSAGE);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.level).toBe(40);
    expect(warnings[0]?.wallet).toBe('validator');
  });

  it('logs one warning for concurrent failures', async () => {
    const port = await closedPort();
    const { signer, messages } = build(`http://127.0.0.1:${port}`, await openLocal());
    const results = await Promise.all([1, 2, 3, 4].map(() => signer.signMessages([MESSAGE])));
    expect(results).toHaveLength(4);
    expect(messages(SWITCH_MESSAGE)).toHaveLength(1);
  });

  it('answers hotkeyAddress locally when unreachable', async () => {
    const port = await closedPort();
    const { signer } = build(`http://127.0.0.1:${port}`, await openLocal());
    expect(await signer.hotkeyAddress()).toBe(VECTOR_ADDRESS);
    expect(signer.mode).toBe('local');
  });

  it('switches back once health answers', async () => {
    const port = await closedPort();
    const { signer, messages } = build(`http://127.0.0.1:${port}`, await openLocal(), {
      probeIntervalMs: 100,
    });
    await signer.signMessages([MESSAGE]);
    expect(signer.mode).toBe('local');

    const server = await startService(port);
    await sleep(150);
    const [signature] = await signer.signMessages([MESSAGE]);
    expect(verifies(signature, VECTOR_ADDRESS)).toBe(true);
    expect(signer.mode).toBe('remote');
    expect(server.requestsTo('/health')).toHaveLength(1);
    expect(server.requestsTo('/wallet/sign')).toHaveLength(1);
    const back = messages(BACK_MESSAGE);
    expect(back).toHaveLength(1);
    expect(back[0]?.level).toBe(30);
    expect(messages(SWITCH_MESSAGE)).toHaveLength(1);
  });

  it('probes health at most once per interval', async () => {
    const server = await startService();
    setDown(server);
    const { signer } = build(server.url, await openLocal(), { probeIntervalMs: 300 });
    await signer.signMessages([MESSAGE]);
    expect(signer.mode).toBe('local');
    for (let i = 0; i < 5; i += 1) {
      await signer.signMessages([MESSAGE]);
    }
    expect(server.requestsTo('/health')).toHaveLength(0);
    await sleep(320);
    await signer.signMessages([MESSAGE]);
    await signer.signMessages([MESSAGE]);
    expect(server.requestsTo('/health')).toHaveLength(1);
    expect(signer.mode).toBe('local');
  });

  it('never falls back on 401', async () => {
    const server = await startService();
    server.setDefault('/wallet/sign', () => ({
      kind: 'reply',
      status: 401,
      body: serviceError(401, 'unauthorized', 'UNAUTHORIZED'),
    }));
    const { signer, messages } = build(server.url, await openLocal());
    const error = (await failure(signer.signMessages([MESSAGE]))) as ManageServiceError;
    expect(error.status).toBe(401);
    expect(signer.mode).toBe('remote');
    expect(messages(SWITCH_MESSAGE)).toHaveLength(0);
  });

  it('never falls back on 403', async () => {
    const server = await startService();
    server.setDefault('/wallet/sign', () => ({
      kind: 'reply',
      status: 403,
      body: serviceError(403, 'forbidden', 'FORBIDDEN'),
    }));
    const { signer } = build(server.url, await openLocal());
    const error = (await failure(signer.signMessages([MESSAGE]))) as ManageServiceError;
    expect(error.status).toBe(403);
    expect(signer.mode).toBe('remote');
  });

  it('does not fall back on CHAIN_UNAVAILABLE', async () => {
    const server = await startService();
    server.setDefault('/wallet/sign', () => ({
      kind: 'reply',
      status: 503,
      body: serviceError(503, 'chain_unavailable', 'CHAIN_UNAVAILABLE'),
    }));
    const { signer } = build(server.url, await openLocal());
    const error = (await failure(signer.signMessages([MESSAGE]))) as ManageServiceError;
    expect(error.code).toBe('CHAIN_UNAVAILABLE');
    expect(signer.mode).toBe('remote');
  });

  it('falls back on 503 QUEUE_FULL', async () => {
    const server = await startService();
    server.setDefault('/wallet/sign', () => ({
      kind: 'reply',
      status: 503,
      body: serviceError(503, 'overloaded', 'QUEUE_FULL'),
    }));
    const { signer } = build(server.url, await openLocal());
    const [signature] = await signer.signMessages([MESSAGE]);
    expect(verifies(signature, VECTOR_ADDRESS)).toBe(true);
    expect(signer.mode).toBe('local');
    expect(server.requestsTo('/wallet/sign')).toHaveLength(2);
  });

  it('submits set_weights locally when refused', async () => {
    const port = await closedPort();
    const { signer } = build(`http://127.0.0.1:${port}`, await openLocal());
    // This local signer has no chain, so reaching it yields its own error.
    const error = (await failure(signer.setWeights(SET_WEIGHTS))) as ManageServiceError;
    expect(error).toBeInstanceOf(ManageServiceError);
    expect(error.origin).toBe('local');
    expect(error.message).toMatch(/no chain connection/);
    expect(signer.mode).toBe('local');
  });

  it('does not resend a possibly delivered set_weights locally', async () => {
    const server = await startService();
    server.setDefault('/wallet/set_weights', () => ({ kind: 'hang', ms: 5000 }));
    const { signer, messages } = build(server.url, await openLocal(), { timeoutMs: 200 });
    const first = await failure(signer.setWeights(SET_WEIGHTS));
    expect(first).toBeInstanceOf(ServiceUnreachableError);
    expect((first as ServiceUnreachableError).maybeDelivered).toBe(true);
    expect(server.requestsTo('/wallet/set_weights')).toHaveLength(1);
    expect(signer.mode).toBe('local');
    expect(
      messages('transaction not sent again locally because the service may have submitted it'),
    ).toHaveLength(1);

    const second = (await failure(signer.setWeights(SET_WEIGHTS))) as ManageServiceError;
    expect(second.origin).toBe('local');
    expect(server.requestsTo('/wallet/set_weights')).toHaveLength(1);
  });

  it('refuses a local key that differs from the service key', async () => {
    const server = await startService(0, otherPair);
    const { signer, remote, messages } = build(server.url, await openLocal());
    await signer.signMessages([MESSAGE]);
    expect(remote.knownHotkeyAddress).toBe(otherPair.address);

    setDown(server);
    const error = (await failure(signer.signMessages([MESSAGE]))) as Error;
    expect(error.message).toContain(otherPair.address);
    expect(error.message).toContain(VECTOR_ADDRESS);
    expect(signer.mode).toBe('remote');
    await failure(signer.signMessages([MESSAGE]));
    expect(messages('local fallback refused: different hotkey')).toHaveLength(1);
  });
});

describe('FallbackSigner without a local signer', () => {
  it('rethrows and rate-limits the warning', async () => {
    const port = await closedPort();
    const { signer, messages } = build(`http://127.0.0.1:${port}`, undefined);
    for (let i = 0; i < 3; i += 1) {
      const error = await failure(signer.signMessages([MESSAGE]));
      expect(error).toBeInstanceOf(ServiceUnreachableError);
    }
    const warnings = messages(
      'manage service unreachable and no local wallet configured; requests fail until the service is back, and each new request tries it again',
    );
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.failures).toBe(1);
    expect(String(warnings[0]?.reason)).toContain('ECONNREFUSED');
    expect(signer.mode).toBe('remote');
  });

  it('warns again after the interval with the failure count', async () => {
    const port = await closedPort();
    const { signer, messages } = build(`http://127.0.0.1:${port}`, undefined, {
      unreachableLogIntervalMs: 100,
    });
    await failure(signer.signMessages([MESSAGE]));
    await failure(signer.signMessages([MESSAGE]));
    await sleep(120);
    await failure(signer.signMessages([MESSAGE]));
    const warnings = messages(
      'manage service unreachable and no local wallet configured; requests fail until the service is back, and each new request tries it again',
    );
    expect(warnings.map((warning) => warning.failures)).toEqual([1, 3]);
  });

  it('logs recovery when the service returns', async () => {
    const port = await closedPort();
    const { signer, messages } = build(`http://127.0.0.1:${port}`, undefined);
    await failure(signer.signMessages([MESSAGE]));
    await startService(port);
    const [signature] = await signer.signMessages([MESSAGE]);
    expect(verifies(signature, VECTOR_ADDRESS)).toBe(true);
    expect(messages('manage service reachable again')).toHaveLength(1);
  });
});

describe('isServiceOutage', () => {
  const unreachable = new ServiceUnreachableError({
    target: 'POST http://127.0.0.1:1/wallet/sign',
    attempts: 1,
    reason: 'ECONNREFUSED',
    maybeDelivered: false,
    requestId: 'r',
  });
  const serviceErrorOf = (status: number, code: string, origin: 'service' | 'local' = 'service') =>
    new ManageServiceError({ status, type: 'overloaded', code, message: code, origin });

  it.each([
    ['unreachable', unreachable, true],
    ['503 QUEUE_FULL', serviceErrorOf(503, 'QUEUE_FULL'), true],
    ['503 from a proxy', serviceErrorOf(503, 'UNEXPECTED_RESPONSE'), true],
    ['503 CHAIN_UNAVAILABLE', serviceErrorOf(503, 'CHAIN_UNAVAILABLE'), false],
    ['local 503', serviceErrorOf(503, 'QUEUE_FULL', 'local'), false],
    ['401', serviceErrorOf(401, 'UNAUTHORIZED'), false],
    ['403', serviceErrorOf(403, 'FORBIDDEN'), false],
    ['504', serviceErrorOf(504, 'TX_TIMEOUT'), false],
    ['plain error', new Error('boom'), false],
  ])('classifies %s', (_name, error, expected) => {
    expect(isServiceOutage(error)).toBe(expected);
  });
});
