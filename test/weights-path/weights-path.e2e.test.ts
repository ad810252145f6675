import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readWeights } from '../../src/chain/weights-storage.js';
import { stopChopsticksWorker } from '../../src/devnet/chopsticks.js';
import { devSudoSigner } from '../../src/devnet/dev-sudo.js';
import type { Devnet } from '../../src/devnet/devnet.js';
import { sudo } from '../../src/devnet/sudo.js';
import type { RunningService } from '../../src/service/server.js';
import { startTestDevnet } from '../helpers/devnet.js';
import { captureLogger } from '../helpers/log-capture.js';
import { callService, startTestService } from '../helpers/service.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { expectStoredShares } from '../helpers/weights.js';
import { newCommit } from '../commits/fixtures.js';

const token = `test-${randomBytes(16).toString('hex')}`;
const temp = makeTempDir('weights-path-e2e');
const logs = captureLogger('weights-path-e2e');
let devnet: Devnet;
let service: RunningService;

function neuron(wallet: string) {
  const found = devnet.neurons.find((item) => item.name === wallet);
  if (!found) {
    throw new Error(`devnet has no wallet ${wallet}`);
  }
  return found;
}

function weightsBody(overrides: Record<string, unknown> = {}) {
  return {
    wallet_name: 'validator',
    hotkey_name: 'default',
    transaction_data: {
      netuid: devnet.netuid,
      uids: [neuron('miner').uid, neuron('miner2').uid],
      weights: [65535, 32768],
      version_key: devnet.subnet.weightsVersionKey,
      wait_for_inclusion: true,
      ...overrides,
    },
  };
}

async function accountNonce(address: string): Promise<number> {
  const info = await devnet.connection.requireApi().query.system.account(address);
  return info.nonce.toNumber();
}

async function bestBlock(): Promise<number> {
  const header = await devnet.connection.requireApi().rpc.chain.getHeader();
  return header.number.toNumber();
}

async function lastUpdate(uid: number): Promise<number> {
  const api = devnet.connection.requireApi();
  const updates = await api.query.subtensorModule!.lastUpdate!(devnet.netuid);
  return Number((updates.toJSON() as number[])[uid]);
}

async function setRateLimit(blocks: number): Promise<void> {
  await sudo(devnet.submitter, devSudoSigner(), 'sudoSetWeightsSetRateLimit', (api) =>
    api.tx.subtensorModule!.sudoSetWeightsSetRateLimit!(devnet.netuid, blocks),
  );
}

beforeAll(async () => {
  devnet = await startTestDevnet({ walletPath: temp.dir + '/wallets', logger: logs.logger });
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

describe('set_weights path on the spec 103 chain', () => {
  it('sends set_weights directly', async () => {
    const reply = await callService(service, 'POST', '/wallet/set_weights', {
      token,
      body: weightsBody(),
    });
    expect(reply.status).toBe(200);
    expect(reply.body.path).toBe('direct');
    expect(reply.body.call).toBe('set_weights');
    expect(reply.body.status).toBe('in_block');
    expect(reply.body.reveal_round).toBeUndefined();
    const stored = await readWeights(
      devnet.connection.requireApi(),
      devnet.netuid,
      neuron('validator').uid,
    );
    expectStoredShares(stored, [neuron('miner').uid, neuron('miner2').uid], [65535, 32768]);
  });

  it('scales float weights before sending', async () => {
    const reply = await callService(service, 'POST', '/wallet/set_weights', {
      token,
      body: weightsBody({ weights: [0.25, 1], weights_format: 'float' }),
    });
    expect(reply.status).toBe(200);
    expect(reply.body.path).toBe('direct');
    // 0.25 * 65535 = 16383.75 rounds to 16384; the chain then rescales to a sum of 65535.
    const stored = await readWeights(
      devnet.connection.requireApi(),
      devnet.netuid,
      neuron('validator').uid,
    );
    expectStoredShares(stored, [neuron('miner').uid, neuron('miner2').uid], [16384, 65535]);
    const [record] = service.audit.list({ requestId: reply.body.request_id });
    expect(record?.paramsSummary).toContain('format=float');
    expect(record?.paramsSummary).toContain('path=direct');
  });

  it('sends mechid 0 as set_weights', async () => {
    const reply = await callService(service, 'POST', '/wallet/set_weights', {
      token,
      body: weightsBody({ mechid: 0 }),
    });
    expect(reply.status).toBe(200);
    expect(reply.body.call).toBe('set_weights');
  });

  it('rejects mechid 1 without sending', async () => {
    const before = await accountNonce(neuron('validator').hotkey);
    const reply = await callService(service, 'POST', '/wallet/set_weights', {
      token,
      body: weightsBody({ mechid: 1 }),
    });
    expect(reply.status).toBe(422);
    expect(reply.body.error.code).toBe('UNSUPPORTED_CALL');
    expect(reply.body.error.message).toContain('setMechanismWeights');
    expect(await accountNonce(neuron('validator').hotkey)).toBe(before);
  });
});

describe('rate limit precheck', () => {
  const LIMIT = 12;
  let firstBlock = 0;

  it('answers 429 with blocks_left and sends nothing', async () => {
    await setRateLimit(LIMIT);
    const validator = neuron('validator');
    const waitBlocks = (await lastUpdate(validator.uid)) + LIMIT - ((await bestBlock()) + 1);
    if (waitBlocks > 0) {
      await devnet.newBlocks(waitBlocks);
    }

    const first = await callService(service, 'POST', '/wallet/set_weights', {
      token,
      body: weightsBody(),
    });
    expect(first.status).toBe(200);
    firstBlock = first.body.block_number as number;
    expect(await lastUpdate(validator.uid)).toBe(firstBlock);

    const nonce = await accountNonce(validator.hotkey);
    const best = await bestBlock();
    const second = await callService(service, 'POST', '/wallet/set_weights', {
      token,
      body: weightsBody(),
    });
    const expectedLeft = firstBlock + LIMIT - (best + 1);
    expect(second.status).toBe(429);
    expect(second.body.error.code).toBe('WEIGHTS_RATE_LIMITED');
    expect(second.body.error.type).toBe('rate_limited');
    expect(second.body.error.blocks_left).toBe(expectedLeft);
    expect(second.headers.get('retry-after')).toBe(String(expectedLeft * 12));
    expect(second.body.error.message).toContain(`block ${firstBlock}`);
    expect(await accountNonce(validator.hotkey)).toBe(nonce);
    expect(await bestBlock()).toBe(best);

    const [record] = service.audit.list({ requestId: second.body.request_id });
    expect(record?.outcome).toBe('rejected');
    expect(record?.errorCode).toBe('WEIGHTS_RATE_LIMITED');
    expect(record?.txHash).toBeNull();
  });

  it('sends once the limit passes when queued', async () => {
    const pending = callService(service, 'POST', '/wallet/set_weights', {
      token,
      body: weightsBody({ queue_until_allowed: true }),
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    const best = await bestBlock();
    await devnet.newBlocks(firstBlock + LIMIT - (best + 1));

    const reply = await pending;
    expect(reply.status).toBe(200);
    expect(reply.body.path).toBe('direct');
    expect(reply.body.block_number).toBeGreaterThanOrEqual(firstBlock + LIMIT);
  });

  it('gives up a queued wait at the timeout', async () => {
    const limited = await startTestService({
      walletPath: temp.dir + '/wallets',
      chainEndpoint: devnet.endpoint,
      token,
      dataDir: `${temp.dir}/short-timeout`,
      logger: logs.logger,
      txTimeoutMs: 1_000,
    });
    try {
      await limited.connection.waitUntilReady(30_000);
      const reply = await callService(limited, 'POST', '/wallet/set_weights', {
        token,
        body: weightsBody({ queue_until_allowed: true }),
      });
      expect(reply.status).toBe(429);
      expect(reply.body.error.blocks_left).toBeGreaterThan(0);
      expect(reply.body.error.message).toContain('exceeded the transaction timeout');
    } finally {
      await limited.close();
    }
  });
});

describe('commit-reveal routes on the spec 103 chain', () => {
  it('rejects commit_weights without commit calls', async () => {
    const reply = await callService(service, 'POST', '/wallet/commit_weights', {
      token,
      body: weightsBody(),
    });
    expect(reply.status).toBe(422);
    expect(reply.body.error.code).toBe('UNSUPPORTED_CALL');
    expect(service.commits.list({ wallet: 'validator' })).toEqual([]);
  });

  it('refuses to reveal before the window opens', async () => {
    const best = await bestBlock();
    const commit = service.commits.insert(
      newCommit({ hotkeyAddress: neuron('validator').hotkey, netuid: devnet.netuid }),
    );
    service.commits.markCommitted(commit.id, {
      txHash: '0x01',
      commitBlock: best,
      firstRevealBlock: best + 1000,
      lastRevealBlock: best + 1010,
    });
    const reply = await callService(service, 'POST', '/wallet/reveal_weights', {
      token,
      body: {
        wallet_name: 'validator',
        hotkey_name: 'default',
        transaction_data: { netuid: devnet.netuid, commit_id: commit.id },
      },
    });
    expect(reply.status).toBe(409);
    expect(reply.body.error.code).toBe('COMMIT_NOT_REVEALABLE');
    expect(reply.body.error.message).toContain(`before block ${best + 1000}`);
    expect(service.commits.get(commit.id)?.state).toBe('committed');
  });

  it('expires a commit past its window', async () => {
    const best = await bestBlock();
    const commit = service.commits.insert(
      newCommit({ hotkeyAddress: neuron('validator').hotkey, netuid: devnet.netuid }),
    );
    service.commits.markCommitted(commit.id, {
      txHash: '0x01',
      commitBlock: best - 30,
      firstRevealBlock: best - 20,
      lastRevealBlock: best - 10,
    });
    const reply = await callService(service, 'POST', '/wallet/reveal_weights', {
      token,
      body: {
        wallet_name: 'validator',
        hotkey_name: 'default',
        transaction_data: { netuid: devnet.netuid, commit_hash: commit.commitHash },
      },
    });
    expect(reply.status).toBe(409);
    expect(reply.body.error.code).toBe('COMMIT_NOT_REVEALABLE');
    expect(service.commits.get(commit.id)?.state).toBe('expired');
  });

  it.each([
    ['unknown id', 'validator', () => ({ commit_id: 999_999 })],
    ['commit of another hotkey', 'miner', () => ({ commit_id: 1 })],
  ])('returns 404 for %s', async (_case, wallet, reference) => {
    const reply = await callService(service, 'POST', '/wallet/reveal_weights', {
      token,
      body: {
        wallet_name: wallet,
        hotkey_name: 'default',
        transaction_data: { netuid: devnet.netuid, ...reference() },
      },
    });
    expect(reply.status).toBe(404);
    expect(reply.body.error.code).toBe('COMMIT_NOT_FOUND');
  });

  it('rejects a reveal naming both id and hash', async () => {
    const reply = await callService(service, 'POST', '/wallet/reveal_weights', {
      token,
      body: {
        wallet_name: 'validator',
        hotkey_name: 'default',
        transaction_data: {
          netuid: devnet.netuid,
          commit_id: 1,
          commit_hash: '0x' + '00'.repeat(32),
        },
      },
    });
    expect(reply.status).toBe(400);
  });

  it('lists stored commits without salts', async () => {
    const reply = await callService(
      service,
      'GET',
      `/wallet/commits?wallet_name=validator&hotkey_name=default&netuid=${devnet.netuid}`,
      { token },
    );
    expect(reply.status).toBe(200);
    expect(reply.body.commits.map((item: { commit_state: string }) => item.commit_state)).toEqual([
      'expired',
      'committed',
    ]);
    const [newest] = reply.body.commits;
    expect(newest.hotkey).toBe(neuron('validator').hotkey);
    expect(newest.uids).toEqual([0, 1, 2]);
    expect(newest.version_key).toBe('18446744073709551615');
    expect(newest).not.toHaveProperty('salt');
    expect(JSON.stringify(reply.body)).not.toContain('"salt"');

    const other = await callService(
      service,
      'GET',
      `/wallet/commits?wallet_name=validator&netuid=${devnet.netuid + 1}`,
      { token },
    );
    expect(other.body.commits).toEqual([]);
    const bad = await callService(
      service,
      'GET',
      '/wallet/commits?wallet_name=validator&netuid=x',
      {
        token,
      },
    );
    expect(bad.status).toBe(400);
  });

  it('documents the new routes', async () => {
    const docs = await fetch(`${service.url}/docs/json`);
    const openapi = (await docs.json()) as { paths: Record<string, unknown> };
    expect(Object.keys(openapi.paths)).toEqual(
      expect.arrayContaining([
        '/wallet/commit_weights',
        '/wallet/reveal_weights',
        '/wallet/commits',
      ]),
    );
  });
});
