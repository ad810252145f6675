import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readWeights } from '../../src/chain/weights-storage.js';
import { stopChopsticksWorker } from '../../src/devnet/chopsticks.js';
import type { Devnet } from '../../src/devnet/devnet.js';
import type { RunningService } from '../../src/service/server.js';
import { makeToken, writeTokenFile } from '../security/helpers.js';
import { startTestDevnet } from '../helpers/devnet.js';
import { captureLogger } from '../helpers/log-capture.js';
import { callService, startTestService } from '../helpers/service.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const HOTKEY_WALLETS = Array.from(
  { length: 64 },
  (_, index) => `node${String(index).padStart(2, '0')}`,
);
const TRANSFERS = 200;
const temp = makeTempDir('concurrency');
const walletPath = path.join(temp.dir, 'wallets');
const logs = captureLogger('concurrency');
const legacyToken = `legacy-${randomBytes(12).toString('hex')}`;
const treasurer = makeToken('treasurer', {
  wallets: ['validator'],
  hotkeys: ['*'],
  operations: ['transfer'],
  coldkey: true,
});
let devnet: Devnet;
let service: RunningService;

function uidOf(wallet: string): number {
  return devnet.neurons.find((neuron) => neuron.name === wallet)!.uid;
}

/** Nonces of the extrinsics a signer has in blocks `from..to`, in block order. */
async function noncesOf(signer: string, from: number, to: number): Promise<number[]> {
  const api = devnet.connection.requireApi();
  const nonces: number[] = [];
  for (let number = from; number <= to; number += 1) {
    const block = await api.rpc.chain.getBlock(await api.rpc.chain.getBlockHash(number));
    for (const extrinsic of block.block.extrinsics) {
      if (extrinsic.isSigned && extrinsic.signer.toString() === signer) {
        nonces.push(extrinsic.nonce.toNumber());
      }
    }
  }
  return nonces;
}

beforeAll(async () => {
  devnet = await startTestDevnet({
    walletPath,
    logger: logs.logger,
    walletNames: ['validator', 'miner', 'miner2', ...HOTKEY_WALLETS],
  });
  service = await startTestService({
    walletPath,
    chainEndpoint: devnet.endpoint,
    token: legacyToken,
    dataDir: temp.dir,
    logger: logs.logger,
    tokenFile: writeTokenFile(temp.dir, {
      tokens: [treasurer.entry],
      policy: { wallets: { validator: { coldkey: { enabled: true } } } },
    }),
  });
  await service.connection.waitUntilReady(30_000);
}, 240_000);

afterAll(async () => {
  await service?.close();
  await devnet?.close();
  await stopChopsticksWorker();
  temp.remove();
});

it('lands 200 concurrent transfers from one coldkey in nonce order', async () => {
  const api = devnet.connection.requireApi();
  const coldkey = devnet.neurons.find((neuron) => neuron.name === 'validator')!.coldkey;
  const destination = devnet.neurons.find((neuron) => neuron.name === 'miner')!.coldkey;
  const firstNonce = (await api.query.system.account(coldkey)).nonce.toNumber();
  const startBlock = (await api.rpc.chain.getHeader()).number.toNumber();

  const replies = await Promise.all(
    Array.from({ length: TRANSFERS }, () =>
      callService(service, 'POST', '/wallet/transfer', {
        token: treasurer.secret,
        body: {
          wallet_name: 'validator',
          transaction_data: {
            destination,
            amount: 1000,
            kind: 'keep_alive',
            wait_for_inclusion: true,
          },
        },
      }),
    ),
  );
  const failures = replies.filter((reply) => reply.status !== 200).map((reply) => reply.body.error);
  expect(failures).toEqual([]);
  for (const reply of replies) {
    expect(String(reply.body.error?.chain_error ?? '')).not.toMatch(
      /1010|1014|stale|future|Priority/,
    );
  }

  const nonces = replies.map((reply) => reply.body.nonce as number).sort((a, b) => a - b);
  expect(nonces).toEqual(Array.from({ length: TRANSFERS }, (_, index) => firstNonce + index));
  expect((await api.query.system.account(coldkey)).nonce.toNumber()).toBe(firstNonce + TRANSFERS);
  const head = (await api.rpc.chain.getHeader()).number.toNumber();
  expect(await noncesOf(coldkey, startBlock + 1, head)).toEqual(nonces);
}, 300_000);

it('lands weights from 64 hotkeys at once', async () => {
  const target = uidOf('validator');
  const replies = await Promise.all(
    HOTKEY_WALLETS.map((wallet) =>
      callService(service, 'POST', '/wallet/set_weights', {
        token: legacyToken,
        body: {
          wallet_name: wallet,
          hotkey_name: 'default',
          transaction_data: {
            netuid: devnet.netuid,
            uids: [target],
            weights: [65535],
            version_key: 1,
            wait_for_inclusion: true,
          },
        },
      }),
    ),
  );
  const failures = replies.filter((reply) => reply.status !== 200).map((reply) => reply.body.error);
  expect(failures).toEqual([]);
  const api = devnet.connection.requireApi();
  for (const wallet of HOTKEY_WALLETS) {
    expect(await readWeights(api, devnet.netuid, uidOf(wallet))).toEqual([
      { uid: target, weight: 65535 },
    ]);
  }
}, 300_000);
