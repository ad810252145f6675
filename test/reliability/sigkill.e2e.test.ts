import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { stopChopsticksWorker } from '../../src/devnet/chopsticks.js';
import type { Devnet } from '../../src/devnet/devnet.js';
import { startTestDevnet } from '../helpers/devnet.js';
import { freePort } from '../helpers/devnet-process.js';
import { captureLogger } from '../helpers/log-capture.js';
import { callService, waitForReady } from '../helpers/service.js';
import { spawnService, type ServiceProcess } from '../helpers/service-process.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const LOAD_WALLETS = Array.from(
  { length: 20 },
  (_, index) => `load${String(index).padStart(2, '0')}`,
);
const REQUESTS = 60;
const token = 'sigkill-test-token-5d1c8e';
const temp = makeTempDir('sigkill');
const walletPath = path.join(temp.dir, 'wallets');
const auditDb = path.join(temp.dir, 'audit.sqlite');
let devnet: Devnet;
let service: ServiceProcess | undefined;

function requestBody(index: number) {
  const wallet = LOAD_WALLETS[index % LOAD_WALLETS.length]!;
  return {
    wallet_name: wallet,
    hotkey_name: 'default',
    transaction_data: {
      netuid: devnet.netuid,
      uids: [0],
      // The weight value identifies the request inside the extrinsic on chain.
      weights: [1000 + index],
      version_key: devnet.subnet.weightsVersionKey,
      wait_for_inclusion: true,
    },
  };
}

/**
 * Starts the service and waits until it is connected to the chain: it
 * listens before that, and a request in between receives 503 immediately.
 */
async function startServiceProcess(): Promise<ServiceProcess> {
  const port = await freePort();
  const started = await spawnService(
    [
      '--manage.port',
      String(port),
      '--wallet.path',
      walletPath,
      '--audit.db',
      auditDb,
      '--subtensor.chain_endpoint',
      devnet.endpoint,
    ],
    { MANAGE_SERVICE_TOKEN: token },
  );
  try {
    await waitForReady(started, true, 60_000);
  } catch (error) {
    await started.kill('SIGKILL');
    throw new Error(`${String(error)}; service output:\n${started.output()}`, { cause: error });
  }
  return started;
}

/** Reads every set_weights extrinsic on chain: its hash and the weight value that names its request. */
async function setWeightsOnChain(): Promise<Map<string, number>> {
  const api = devnet.connection.requireApi();
  const head = (await api.rpc.chain.getHeader()).number.toNumber();
  const found = new Map<string, number>();
  for (let number = 1; number <= head; number += 1) {
    const block = await api.rpc.chain.getBlock(await api.rpc.chain.getBlockHash(number));
    for (const extrinsic of block.block.extrinsics) {
      if (
        extrinsic.method.section === 'subtensorModule' &&
        extrinsic.method.method === 'setWeights'
      ) {
        const weights = extrinsic.method.args[2]!.toJSON() as number[];
        found.set(extrinsic.hash.toHex(), weights[0]!);
      }
    }
  }
  return found;
}

beforeAll(async () => {
  devnet = await startTestDevnet({
    walletPath,
    logger: captureLogger('sigkill').logger,
    walletNames: ['validator', 'miner', 'miner2', ...LOAD_WALLETS],
  });
  service = await startServiceProcess();
});

afterAll(async () => {
  await service?.kill('SIGKILL');
  await devnet?.close();
  await stopChopsticksWorker();
  temp.remove();
});

it('keeps every answered success and sends nothing twice after SIGKILL', async () => {
  const first = service!;
  const answers = new Map<number, Record<string, unknown>>();
  const inFlight = Array.from({ length: REQUESTS }, async (_, index) => {
    try {
      const reply = await callService(first, 'POST', '/wallet/set_weights', {
        token,
        body: requestBody(index),
        headers: { 'idempotency-key': `weights-${index}` },
      });
      if (reply.status === 200) {
        answers.set(index, reply.body);
      }
    } catch {
      // The connection died with the process; the client does not know the outcome.
    }
  });
  const deadline = Date.now() + 60_000;
  while (answers.size < 10 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await first.kill('SIGKILL');
  await Promise.all(inFlight);
  expect(answers.size).toBeGreaterThanOrEqual(10);
  expect(answers.size).toBeLessThan(REQUESTS);

  const audit = new Database(auditDb, { readonly: true });
  const onChain = await setWeightsOnChain();
  for (const [index, body] of answers) {
    const record = audit
      .prepare('SELECT * FROM audit_events WHERE request_id = ?')
      .get(body.request_id) as { tx_hash: string; outcome: string } | undefined;
    expect(record?.tx_hash, `audit record of request ${index}`).toBe(body.tx_hash);
    expect(record?.outcome).toBe('success');
    expect(onChain.get(String(body.tx_hash)), `request ${index} on chain`).toBe(1000 + index);
  }
  audit.close();

  service = await startServiceProcess();
  const replays = await Promise.all(
    Array.from({ length: REQUESTS }, (_, index) =>
      callService(service!, 'POST', '/wallet/set_weights', {
        token,
        body: requestBody(index),
        headers: { 'idempotency-key': `weights-${index}` },
      }),
    ),
  );
  for (const [index, reply] of replays.entries()) {
    const earlier = answers.get(index);
    if (earlier) {
      expect(reply.status).toBe(200);
      expect(reply.headers.get('idempotent-replayed')).toBe('true');
      expect(reply.body.tx_hash).toBe(earlier.tx_hash);
    } else {
      expect([200, 409]).toContain(reply.status);
    }
  }

  const perRequest = new Map<number, number>();
  for (const value of (await setWeightsOnChain()).values()) {
    perRequest.set(value, (perRequest.get(value) ?? 0) + 1);
  }
  for (const [value, count] of perRequest) {
    expect(count, `request ${value - 1000} landed ${count} times`).toBe(1);
  }
});
