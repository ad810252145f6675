import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunningService } from '../../src/service/server.js';
import { readWalletPublicKeys } from '../../src/keystore/index.js';
import { readWeights } from '../../src/chain/weights-storage.js';
import { freePort, spawnDevnet, type DevnetProcess } from '../helpers/devnet-process.js';
import { captureLogger } from '../helpers/log-capture.js';
import { callService, startTestService, waitForReady } from '../helpers/service.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { expectStoredShares } from '../helpers/weights.js';

const token = 'outage-test-token-0123456789';
const temp = makeTempDir('chain-outage');
const walletPath = `${temp.dir}/wallets`;
const logs = captureLogger('outage');
let port: number;
let chain: DevnetProcess | undefined;
let service: RunningService;

// The devnet registers validator, miner and miner2 in that order: uids 0, 1, 2.
const body = {
  wallet_name: 'validator',
  hotkey_name: 'default',
  transaction_data: {
    netuid: 2,
    uids: [1, 2],
    weights: [32768, 65535],
    version_key: 1,
    wait_for_inclusion: true,
  },
};

beforeAll(async () => {
  port = await freePort();
  chain = await spawnDevnet(port, walletPath);
  service = await startTestService({
    walletPath,
    chainEndpoint: chain.endpoint,
    token,
    dataDir: temp.dir,
    logger: logs.logger,
  });
  await waitForReady(service, true, 30_000);
});

afterAll(async () => {
  await service?.close();
  await chain?.kill('SIGTERM');
  temp.remove();
});

it('answers 503 while the chain is down and recovers', async () => {
  const before = await callService(service, 'POST', '/wallet/set_weights', { token, body });
  expect(before.status).toBe(200);

  await chain!.kill('SIGKILL');
  await waitForReady(service, false, 15_000);
  const started = Date.now();
  const during = await callService(service, 'POST', '/wallet/set_weights', { token, body });
  expect(during.status).toBe(503);
  expect(during.body.error.type).toBe('chain_unavailable');
  expect(during.headers.get('retry-after')).toMatch(/^\d+$/);
  expect(Date.now() - started).toBeLessThan(5_000);

  chain = await spawnDevnet(port, walletPath);
  await waitForReady(service, true, 30_000);
  const after = await callService(service, 'POST', '/wallet/set_weights', { token, body });
  expect(after.status).toBe(200);

  const { ApiPromise, WsProvider } = await import('@polkadot/api');
  const api = await ApiPromise.create({
    provider: new WsProvider(chain!.endpoint),
    noInitWarn: true,
  });
  try {
    expectStoredShares(await readWeights(api, 2, 0), [1, 2], [32768, 65535]);
  } finally {
    await api.disconnect();
  }

  const records = service.audit.list({ operation: 'set_weights' });
  expect(records.map((record) => record.httpStatus).reverse()).toEqual([200, 503, 200]);
  expect(records[1]?.outcome).toBe('failed');
  expect(readWalletPublicKeys(walletPath, 'validator', 'default').hotkey).toBe(after.body.signer);
});

it('answers every in-flight request when the chain dies mid-load', async () => {
  const wallets = ['validator', 'miner', 'miner2'];
  const before = service.audit.count();
  const started = Date.now();
  const replies = Promise.all(
    Array.from({ length: 24 }, (_, index) =>
      callService(service, 'POST', '/wallet/set_weights', {
        token,
        timeoutMs: 45_000,
        body: {
          ...body,
          wallet_name: wallets[index % 3],
          transaction_data: { ...body.transaction_data, uids: [0], weights: [index + 1] },
        },
      }),
    ),
  );
  await new Promise((resolve) => setTimeout(resolve, 400));
  await chain!.kill('SIGKILL');
  const results = await replies;
  const elapsed = Date.now() - started;

  expect(elapsed).toBeLessThan(40_000);
  const unhandled = logs
    .text()
    .split('\n')
    .filter((line) => line.includes('unhandled error'));
  expect(unhandled, unhandled.join('\n')).toEqual([]);
  for (const reply of results) {
    expect([200, 422, 503, 504]).toContain(reply.status);
    if (reply.status === 503) {
      expect(reply.headers.get('retry-after')).toMatch(/^\d+$/);
    }
  }
  expect(results.some((reply) => reply.status === 503)).toBe(true);
  expect(service.audit.count() - before).toBe(results.length);
});
