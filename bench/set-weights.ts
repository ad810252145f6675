/**
 * Latency of set_weights through the service (POST /wallet/set_weights with
 * wait_for_inclusion) versus the same extrinsic signed and submitted
 * directly with @polkadot/api, both waiting for the InBlock status, on the
 * local chain (chopsticks builds a block as each transaction arrives). The
 * two paths alternate, one request at a time, with the same validator
 * hotkey, so both see the same chain.
 *
 *   node --import tsx bench/set-weights.ts [--rounds 20]
 */
import path from 'node:path';
import { ApiPromise, Keyring, WsProvider } from '@polkadot/api';
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import { mnemonicGenerate } from '@polkadot/util-crypto';
import { DEFAULT_SUBNET } from '../src/devnet/subnet-settings.js';
import { readWalletPublicKeys, writeWallet } from '../src/keystore/index.js';
import { parseArgs } from './support/args.js';
import { startDevnetProcess } from './support/devnet-process.js';
import { makeTempDir, randomToken } from './support/fixtures.js';
import { printResult, progress } from './support/report.js';
import { startServiceProcess, waitForStatus } from './support/service-process.js';
import { round, summarize } from './support/stats.js';

const args = parseArgs({ rounds: 20 });
const NETUID = DEFAULT_SUBNET.netuid;
const WEIGHTS = [65535, 32768];

/** Writes the dev wallets before the devnet starts, so this script has the validator hotkey's mnemonic. */
async function writeDevWallets(walletPath: string): Promise<string> {
  const validatorHotkey = mnemonicGenerate(12);
  for (const name of ['validator', 'miner', 'miner2']) {
    await writeWallet({
      root: walletPath,
      name,
      coldkey: { mnemonic: mnemonicGenerate(12) },
      hotkeys: {
        default: { mnemonic: name === 'validator' ? validatorHotkey : mnemonicGenerate(12) },
      },
    });
  }
  return validatorHotkey;
}

async function uidOf(api: ApiPromise, walletPath: string, wallet: string): Promise<number> {
  const hotkey = readWalletPublicKeys(walletPath, wallet, 'default').hotkey;
  const uid = await api.query.subtensorModule!.uids!(NETUID, hotkey);
  const value = (
    uid as unknown as { unwrapOr(fallback: null): { toNumber(): number } | null }
  ).unwrapOr(null);
  if (value === null) {
    throw new Error(
      `hotkey of ${wallet} has no uid on subnet ${NETUID}; the devnet bootstrap failed`,
    );
  }
  return value.toNumber();
}

/** Sends a signed extrinsic and resolves when it is in a block; rejects on a dispatch error. */
function submitUntilInBlock(
  api: ApiPromise,
  extrinsic: SubmittableExtrinsic<'promise'>,
): Promise<void> {
  return new Promise((resolve, reject) => {
    let unsubscribe: (() => void) | undefined;
    extrinsic
      .send((result) => {
        if (result.status.isInBlock) {
          unsubscribe?.();
          if (result.dispatchError) {
            reject(new Error(`direct set_weights failed: ${result.dispatchError.toString()}`));
          } else {
            resolve();
          }
        } else if (result.isError) {
          unsubscribe?.();
          reject(new Error(`direct set_weights was dropped: ${result.status.type}`));
        }
      })
      .then((stop) => {
        unsubscribe = stop;
      }, reject);
  });
}

const temp = makeTempDir('set-weights');
const walletPath = path.join(temp.dir, 'wallets');
let devnet: Awaited<ReturnType<typeof startDevnetProcess>> | undefined;
let service: Awaited<ReturnType<typeof startServiceProcess>> | undefined;
let api: ApiPromise | undefined;
try {
  const validatorMnemonic = await writeDevWallets(walletPath);
  progress('starting the devnet (chopsticks) and bootstrapping subnet 2');
  devnet = await startDevnetProcess(walletPath, temp.dir);

  progress('starting the service');
  const token = randomToken();
  const serviceStarted = performance.now();
  service = await startServiceProcess({
    walletPath,
    dataDir: temp.dir,
    token,
    chainEndpoint: devnet.endpoint,
  });
  const readyMs = await waitForStatus(service, `${service.url}/ready`, serviceStarted);

  api = await ApiPromise.create({ provider: new WsProvider(devnet.endpoint), noInitWarn: true });
  const pair = new Keyring({ type: 'sr25519', ss58Format: 42 }).addFromMnemonic(validatorMnemonic);
  const uids = [await uidOf(api, walletPath, 'miner'), await uidOf(api, walletPath, 'miner2')];
  const versionKey = DEFAULT_SUBNET.weightsVersionKey;
  // Both paths sign for the same account. Chopsticks may report a nonce from
  // a head without the transaction it has just included, so the direct path
  // never reuses a nonce it has seen, as the service's own tracker does.
  let lastNonce = -1;

  const viaService = async (): Promise<number> => {
    const started = performance.now();
    const reply = await fetch(`${service!.url}/wallet/set_weights`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        wallet_name: 'validator',
        hotkey_name: 'default',
        transaction_data: {
          netuid: NETUID,
          uids,
          weights: WEIGHTS,
          version_key: versionKey,
          wait_for_inclusion: true,
        },
      }),
    });
    const body = (await reply.json()) as {
      success?: boolean;
      call?: string;
      status?: string;
      nonce?: number;
    };
    const elapsed = performance.now() - started;
    if (reply.status !== 200 || body.success !== true) {
      throw new Error(
        `service set_weights failed with status ${reply.status}: ${JSON.stringify(body)}`,
      );
    }
    lastNonce = Math.max(lastNonce, body.nonce ?? lastNonce);
    if (body.call !== undefined && body.call !== 'set_weights') {
      throw new Error(
        `service sent ${body.call}, not set_weights; the comparison needs the same call`,
      );
    }
    return elapsed;
  };

  const direct = async (): Promise<number> => {
    const started = performance.now();
    const reported = await api!.rpc.system.accountNextIndex(pair.address);
    const nonce = Math.max(reported.toNumber(), lastNonce + 1);
    lastNonce = nonce;
    const extrinsic = await api!.tx.subtensorModule!.setWeights!(
      NETUID,
      uids,
      WEIGHTS,
      versionKey,
    ).signAsync(pair, { era: 64, nonce });
    await submitUntilInBlock(api!, extrinsic);
    return performance.now() - started;
  };

  progress('warm-up: one request each way');
  await viaService();
  await direct();

  const serviceMs: number[] = [];
  const directMs: number[] = [];
  for (let roundIndex = 0; roundIndex < args.rounds; roundIndex++) {
    // Alternate which path goes first, so neither always follows the other's block.
    if (roundIndex % 2 === 0) {
      serviceMs.push(await viaService());
      directMs.push(await direct());
    } else {
      directMs.push(await direct());
      serviceMs.push(await viaService());
    }
  }
  progress(`${args.rounds} rounds done`);

  const serviceSummary = summarize(serviceMs);
  const directSummary = summarize(directMs);
  const summary = (value: ReturnType<typeof summarize>) => ({
    p50Ms: round(value.p50, 1),
    meanMs: round(value.mean, 1),
    p90Ms: round(value.p90, 1),
    maxMs: round(value.max, 1),
  });
  printResult('set-weights', {
    rounds: args.rounds,
    serviceReadyWithChainMs: round(readyMs, 0),
    service: summary(serviceSummary),
    direct: summary(directSummary),
    ratios: {
      medianServiceToDirect: round(serviceSummary.p50 / directSummary.p50, 3),
      meanServiceToDirect: round(serviceSummary.mean / directSummary.mean, 3),
    },
    targets: { medianRatioUnder1_2: serviceSummary.p50 / directSummary.p50 < 1.2 },
  });
} finally {
  await api?.disconnect();
  await service?.stop();
  await devnet?.stop();
  temp.remove();
}
