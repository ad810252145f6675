import { randomBytes } from 'node:crypto';
import { mnemonicGenerate } from '@polkadot/util-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readWeights } from '../../src/chain/weights-storage.js';
import type { Devnet } from '../../src/devnet/devnet.js';
import { stopChopsticksWorker } from '../../src/devnet/chopsticks.js';
import { writeWallet } from '../../src/keystore/index.js';
import type { RunningService } from '../../src/service/server.js';
import { startTestDevnet } from '../helpers/devnet.js';
import { captureLogger } from '../helpers/log-capture.js';
import { callService, startTestService } from '../helpers/service.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { expectStoredShares } from '../helpers/weights.js';

const LOAD_WALLETS = Array.from(
  { length: 20 },
  (_, index) => `load${String(index).padStart(2, '0')}`,
);
const token = `test-${randomBytes(16).toString('hex')}`;
const temp = makeTempDir('set-weights-e2e');
const logs = captureLogger('e2e');
let devnet: Devnet;
let service: RunningService;

function uidOf(wallet: string): number {
  const neuron = devnet.neurons.find((item) => item.name === wallet);
  if (!neuron) {
    throw new Error(`devnet has no wallet ${wallet}`);
  }
  return neuron.uid;
}

function hotkeyOf(wallet: string): string {
  return devnet.neurons.find((item) => item.name === wallet)!.hotkey;
}

function setWeightsBody(wallet: string, overrides: Record<string, unknown> = {}) {
  return {
    wallet_name: wallet,
    hotkey_name: 'default',
    transaction_data: {
      netuid: devnet.netuid,
      uids: [uidOf('miner'), uidOf('miner2')],
      weights: [65535, 32768],
      version_key: devnet.subnet.weightsVersionKey,
      wait_for_inclusion: true,
      ...overrides,
    },
  };
}

async function accountNonce(address: string): Promise<number> {
  const api = devnet.connection.requireApi();
  const info = await api.query.system.account(address);
  return info.nonce.toNumber();
}

beforeAll(async () => {
  devnet = await startTestDevnet({
    walletPath: temp.dir + '/wallets',
    logger: logs.logger,
    walletNames: ['validator', 'miner', 'miner2', ...LOAD_WALLETS],
  });
  await writeWallet({
    root: temp.dir + '/wallets',
    name: 'outsider',
    coldkey: { mnemonic: mnemonicGenerate(12) },
    hotkeys: { default: { mnemonic: mnemonicGenerate(12) } },
  });
  service = await startTestService({
    walletPath: temp.dir + '/wallets',
    chainEndpoint: devnet.endpoint,
    token,
    dataDir: temp.dir,
    logger: logs.logger,
  });
  await service.connection.waitUntilReady(30_000);
});

afterAll(async () => {
  await service?.close();
  await devnet?.close();
  await stopChopsticksWorker();
  temp.remove();
});

describe('set_weights on the local chain', () => {
  it('lands and reads back from storage', async () => {
    const reply = await callService(service, 'POST', '/wallet/set_weights', {
      token,
      body: setWeightsBody('validator'),
    });
    expect(reply.status).toBe(200);
    expect(reply.body.success).toBe(true);
    expect(reply.body.status).toBe('in_block');
    expect(reply.body.tx_hash).toMatch(/^0x[0-9a-f]{64}$/);
    expect(reply.body.block_number).toBeGreaterThan(0);
    expect(reply.body.signer).toBe(hotkeyOf('validator'));
    expect(reply.headers.get('x-request-id')).toBe(reply.body.request_id);

    const stored = await readWeights(
      devnet.connection.requireApi(),
      devnet.netuid,
      uidOf('validator'),
    );
    expectStoredShares(stored, [uidOf('miner'), uidOf('miner2')], [65535, 32768]);

    const [record] = service.audit.list({ requestId: reply.body.request_id });
    expect(record?.operation).toBe('set_weights');
    expect(record?.outcome).toBe('success');
    expect(record?.txHash).toBe(reply.body.tx_hash);
    expect(record?.blockNumber).toBe(reply.body.block_number);
    expect(record?.tokenId).toBe('env:MANAGE_SERVICE_TOKEN');
    expect(record?.keyAddress).toBe(hotkeyOf('validator'));
  });

  it('returns submitted without waiting', async () => {
    const reply = await callService(service, 'POST', '/wallet/set_weights', {
      token,
      body: setWeightsBody('validator', { wait_for_inclusion: false }),
    });
    expect(reply.status).toBe(200);
    expect(reply.body.status).toBe('submitted');
    expect(reply.body.block_hash).toBeUndefined();
  });

  it.each([
    ['wrong version key', 'validator', { version_key: 0 }, 'IncorrectNetworkVersionKey'],
    ['unregistered hotkey', 'outsider', {}, 'NotRegistered'],
    ['missing netuid', 'validator', { netuid: 99 }, 'NetworkDoesNotExist'],
  ])('%s returns 422 with the chain error', async (_case, wallet, overrides, chainError) => {
    const reply = await callService(service, 'POST', '/wallet/set_weights', {
      token,
      body: setWeightsBody(wallet, overrides),
    });
    expect(reply.status).toBe(422);
    expect(reply.body.error.type).toBe('chain_rejected');
    expect(reply.body.error.chain_error).toBe(chainError);
    expect(reply.body.error.message).toContain(chainError);

    const [record] = service.audit.list({ requestId: reply.body.request_id });
    expect(record?.outcome).toBe('rejected');
    expect(record?.chainError).toBe(`SubtensorModule.${chainError}`);
  });
});

describe('request validation', () => {
  const badBodies: [string, (body: ReturnType<typeof setWeightsBody>) => unknown][] = [
    [
      'unequal lengths',
      (body) => ({ ...body, transaction_data: { ...body.transaction_data, weights: [1] } }),
    ],
    [
      'duplicate uids',
      (body) => ({ ...body, transaction_data: { ...body.transaction_data, uids: [1, 1] } }),
    ],
    [
      'weight above u16',
      (body) => ({ ...body, transaction_data: { ...body.transaction_data, weights: [65536, 1] } }),
    ],
    [
      'negative uid',
      (body) => ({ ...body, transaction_data: { ...body.transaction_data, uids: [-1, 2] } }),
    ],
    [
      'empty lists',
      (body) => ({
        ...body,
        transaction_data: { ...body.transaction_data, uids: [], weights: [] },
      }),
    ],
    [
      'string netuid',
      (body) => ({ ...body, transaction_data: { ...body.transaction_data, netuid: '2' } }),
    ],
    [
      'float weight',
      (body) => ({ ...body, transaction_data: { ...body.transaction_data, weights: [0.5, 1] } }),
    ],
    ['missing hotkey_name', ({ hotkey_name: _omit, ...rest }) => rest],
    ['unknown field', (body) => ({ ...body, extra: true })],
    ['traversal in wallet name', (body) => ({ ...body, wallet_name: '../../etc' })],
    [
      'version key beyond u64',
      (body) => ({
        ...body,
        transaction_data: { ...body.transaction_data, version_key: '18446744073709551616' },
      }),
    ],
    ['array body', () => [1, 2, 3]],
  ];

  it.each(badBodies)('%s returns 400 without a transaction', async (_case, mutate) => {
    const before = await accountNonce(hotkeyOf('validator'));
    const reply = await callService(service, 'POST', '/wallet/set_weights', {
      token,
      body: mutate(setWeightsBody('validator')),
    });
    expect(reply.status).toBe(400);
    expect(reply.body.success).toBe(false);
    expect(reply.body.error.type).toBe('invalid');
    expect(reply.body.error.message.length).toBeGreaterThan(10);
    expect(await accountNonce(hotkeyOf('validator'))).toBe(before);
    const [record] = service.audit.list({ requestId: reply.body.request_id });
    expect(record?.outcome).toBe('rejected');
    expect(record?.txHash).toBeNull();
  });

  it('rejects malformed JSON with 400', async () => {
    const reply = await callService(service, 'POST', '/wallet/set_weights', {
      token,
      rawBody: '{"wallet_name": ',
    });
    expect(reply.status).toBe(400);
    expect(reply.body.error.code).toBe('INVALID_REQUEST');
  });

  it('returns 404 for an unknown wallet', async () => {
    const reply = await callService(service, 'POST', '/wallet/set_weights', {
      token,
      body: setWeightsBody('nobody'),
    });
    expect(reply.status).toBe(404);
    expect(reply.body.error.type).toBe('not_found');
    expect(reply.body.error.message).toContain('nobody');
  });
});

describe('authentication', () => {
  it.each([
    ['missing token', undefined],
    ['wrong token', 'not-the-token'],
  ])('%s returns 401 and is audited', async (_case, sent) => {
    const reply = await callService(service, 'POST', '/wallet/set_weights', {
      token: sent,
      body: setWeightsBody('validator'),
    });
    expect(reply.status).toBe(401);
    expect(reply.body.error.type).toBe('unauthorized');
    const [record] = service.audit.list({ requestId: reply.body.request_id });
    expect(record?.httpStatus).toBe(401);
    expect(record?.operation).toBe('set_weights');
    expect(record?.tokenId).toBeNull();
  });

  it('keeps health and docs public', async () => {
    expect((await callService(service, 'GET', '/health')).status).toBe(200);
    const ready = await callService(service, 'GET', '/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.ready).toBe(true);
    const docs = await fetch(`${service.url}/docs/json`);
    expect(docs.status).toBe(200);
    const openapi = (await docs.json()) as { paths: Record<string, unknown> };
    expect(Object.keys(openapi.paths)).toContain('/wallet/set_weights');
  });
});

describe('wallet info', () => {
  it('returns public addresses only', async () => {
    const reply = await callService(
      service,
      'GET',
      '/wallet/info?wallet_name=validator&hotkey_name=default',
      {
        token,
      },
    );
    expect(reply.status).toBe(200);
    expect(reply.body.hotkey.address).toBe(hotkeyOf('validator'));
    expect(reply.body.hotkey.can_sign).toBe(true);
    expect(reply.body.coldkey.address).toBe(
      devnet.neurons.find((n) => n.name === 'validator')!.coldkey,
    );
    expect(Object.keys(reply.body.hotkey).sort()).toEqual(['address', 'can_sign', 'name']);
  });
});

describe('concurrency', () => {
  it('lands 20 concurrent requests for different hotkeys', async () => {
    const replies = await Promise.all(
      LOAD_WALLETS.map((wallet) =>
        callService(service, 'POST', '/wallet/set_weights', {
          token,
          body: setWeightsBody(wallet, { uids: [uidOf('validator')], weights: [65535] }),
        }),
      ),
    );
    for (const reply of replies) {
      expect(reply.body.error).toBeUndefined();
      expect(reply.status).toBe(200);
    }
    const api = devnet.connection.requireApi();
    for (const wallet of LOAD_WALLETS) {
      expect(await readWeights(api, devnet.netuid, uidOf(wallet))).toEqual([
        { uid: uidOf('validator'), weight: 65535 },
      ]);
    }
  });

  it('lands 10 back-to-back requests for one hotkey', async () => {
    const first = await accountNonce(hotkeyOf('miner'));
    const replies = await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        callService(service, 'POST', '/wallet/set_weights', {
          token,
          body: setWeightsBody('miner', { uids: [uidOf('validator')], weights: [1000 + index] }),
        }),
      ),
    );
    for (const reply of replies) {
      expect(reply.body.error).toBeUndefined();
      expect(reply.status).toBe(200);
    }
    const nonces = replies.map((reply) => reply.body.nonce as number).sort((a, b) => a - b);
    expect(nonces).toEqual(Array.from({ length: 10 }, (_, index) => first + index));
    expect(await accountNonce(hotkeyOf('miner'))).toBe(first + 10);
  });
});
