import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ApiPromise } from '@polkadot/api';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAxon } from '../../src/chain/axon-storage.js';
import { readWalletPublicKeys } from '../../src/keystore/index.js';
import { connectChain, findExtrinsic, readWeightsAt } from '../helpers/system-chain.js';
import {
  freePorts,
  startDevnetProcess,
  startNodeProcess,
  startServiceProcess,
  printOutputOnFailure,
  stopAll,
  type LogLine,
  type ProgramProcess,
} from '../helpers/system-process.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { expectStoredShares } from '../helpers/weights.js';

/*
 * The whole subnet as separate processes: devnet, manage service, two miners
 * and a validator. The nodes get an empty wallet folder, so every signature
 * they need comes from the service.
 */

const NETUID = 2;
const TOKEN = 'system-subnet-token-0123456789';
/** A documentation address (RFC 5737). The validator is given it as its own IP, so it queries it over loopback. */
const PUBLISHED_IP = '192.0.2.77';
/** 192.0.2.77 as the chain stores an IPv4 address: its 32-bit big-endian value in a u128. */
const PUBLISHED_IP_U128 = 0xc000024dn;
/** Axon version the miners publish: SDK 10.2.0 as major * 10^6 + minor * 10^3 + patch. */
const SDK_VERSION = 10 * 1_000_000 + 2 * 1_000 + 0;
const MINER_WALLETS = ['miner', 'miner2'] as const;
/** The devnet registers validator, miner and miner2 in that order. */
const MINER_UIDS = [1, 2];

const temp = makeTempDir('system-subnet');
const walletPath = path.join(temp.dir, 'wallets');
const emptyWalletPath = path.join(temp.dir, 'empty-wallets');
const auditDb = path.join(temp.dir, 'audit.sqlite');
const statePath = path.join(temp.dir, 'validator-state.json');

let devnet: ProgramProcess | undefined;
let service: ProgramProcess | undefined;
const miners: ProgramProcess[] = [];
let validator: ProgramProcess | undefined;
let api: ApiPromise | undefined;
let minerPorts: number[] = [];
/** The validator's first `weights set` line that covers both miners. */
let minerWeights: LogLine;

function hotkeyOf(wallet: string): string {
  return readWalletPublicKeys(walletPath, wallet, 'default').hotkey;
}

function sameUids(line: LogLine, uids: number[]): boolean {
  return JSON.stringify(line.uids) === JSON.stringify(uids);
}

beforeAll(async () => {
  mkdirSync(emptyWalletPath);
  const [chainPort, servicePort, ...axonPorts] = await freePorts(4);
  minerPorts = axonPorts;
  devnet = await startDevnetProcess({
    port: chainPort!,
    walletPath,
    blockTimeMs: 2000,
    home: temp.dir,
  });
  const chainEndpoint = `ws://127.0.0.1:${chainPort}`;
  service = await startServiceProcess({
    port: servicePort!,
    walletPath,
    chainEndpoint,
    auditDb,
    token: TOKEN,
    home: temp.dir,
  });
  const node = {
    serviceUrl: `http://127.0.0.1:${servicePort}`,
    token: TOKEN,
    chainEndpoint,
    walletPath: emptyWalletPath,
    home: temp.dir,
  };
  for (const [index, wallet] of MINER_WALLETS.entries()) {
    const axonPort = String(minerPorts[index]);
    const axonFlags = ['--axon.ip', '127.0.0.1', '--axon.port', axonPort];
    miners.push(
      startNodeProcess({
        ...node,
        name: wallet,
        role: 'miner',
        wallet,
        args: [...axonFlags, '--axon.external_ip', PUBLISHED_IP],
      }),
    );
  }
  api = await connectChain(chainEndpoint);

  // The validator starts once both axons are on chain, so it queries both
  // miners from its first step and scores them alike. A miner first queried a
  // step later would stay below the other and fall under the exclude quantile.
  await Promise.all(
    miners.map((miner) =>
      miner.waitForLine('"miner ready"', (line) => line.msg === 'miner ready', {
        timeoutMs: 60_000,
      }),
    ),
  );
  validator = startNodeProcess({
    ...node,
    name: 'validator',
    role: 'validator',
    wallet: 'validator',
    args: [
      '--axon.external_ip',
      PUBLISHED_IP,
      '--neuron.step_s',
      '3',
      '--neuron.epoch_length',
      '5',
      '--neuron.state_path',
      statePath,
    ],
  });
  minerWeights = await validator.waitForLine(
    '"weights set" for uids 1 and 2',
    (line) => line.msg === 'weights set' && sameUids(line, MINER_UIDS),
    { timeoutMs: 90_000 },
  );
}, 240_000);

afterAll(async () => {
  await api?.disconnect();
  await stopAll([validator, ...miners]);
  await stopAll([service]);
  await stopAll([devnet]);
  temp.remove();
});

describe('subnet with a keyless miner and validator', () => {
  printOutputOnFailure(() => [validator, ...miners, service]);

  it('publishes both miner axons on chain', async () => {
    for (const [index, miner] of miners.entries()) {
      const published = miner.linesWith('axon published on chain');
      expect(published).toHaveLength(1);
      expect((published[0]!.served as { mode?: string }).mode).toBe('remote');

      const axon = await readAxon(api!, NETUID, hotkeyOf(MINER_WALLETS[index]!));
      expect(axon).toBeDefined();
      expect(axon!.ip).toBe(PUBLISHED_IP_U128);
      expect(axon!.ipType).toBe(4);
      expect(axon!.port).toBe(minerPorts[index]);
      expect(axon!.protocol).toBe(4);
      expect(axon!.version).toBe(SDK_VERSION);
    }
  });

  it('answers every validator query', () => {
    const steps = validator!.linesWith('step done');
    const withBothMiners = steps.filter((line) => line.queried === 2);
    expect(withBothMiners.length).toBeGreaterThan(0);
    for (const step of withBothMiners) {
      expect(step.answered).toBe(2);
      expect(step.failures).toEqual([]);
    }
    for (const miner of miners) {
      expect(miner.linesWith('request rejected')).toEqual([]);
    }

    const state = JSON.parse(readFileSync(statePath, 'utf8')) as { scores: number[] };
    expect(state.scores[0]).toBe(0);
    expect(state.scores[1]).toBeGreaterThan(0);
    expect(state.scores[2]).toBeGreaterThan(0);
  });

  it('stores the validator weights for both miners', async () => {
    expect(minerWeights.mode).toBe('remote');
    expect(minerWeights.weights).toHaveLength(2);
    const block = Number(minerWeights.block);
    const included = await findExtrinsic(api!, block, String(minerWeights.txHash));
    expect(included?.signer).toBe(hotkeyOf('validator'));
    expect(included?.call).toMatch(/^subtensorModule\.set(Mechanism)?Weights$/);

    const stored = await readWeightsAt(api!, block, NETUID, 0);
    expectStoredShares(stored, MINER_UIDS, minerWeights.weights as number[]);
  });

  it('records every signed operation in the audit log', () => {
    const db = new Database(auditDb, { readonly: true, fileMustExist: true });
    type Row = { operation: string; wallet: string; outcome: string; tx_hash: string | null };
    let rows: Row[];
    try {
      rows = db
        .prepare('SELECT operation, wallet, outcome, tx_hash FROM audit_events ORDER BY id')
        .all() as Row[];
    } finally {
      db.close();
    }
    const succeeded = (operation: string, wallet: string) =>
      rows.filter(
        (row) => row.operation === operation && row.wallet === wallet && row.outcome === 'success',
      );

    expect(succeeded('sign', 'validator').length).toBeGreaterThan(0);
    expect(succeeded('serve_axon', 'miner')).toHaveLength(1);
    expect(succeeded('serve_axon', 'miner2')).toHaveLength(1);
    const weightHashes = succeeded('set_weights', 'validator').map((row) => row.tx_hash);
    expect(weightHashes).toContain(minerWeights.txHash);
  });

  it('keeps private keys out of the nodes', () => {
    expect(readdirSync(emptyWalletPath, { recursive: true })).toEqual([]);
    for (const node of [...miners, validator!]) {
      expect(node.linesWith('local fallback disabled: hotkey cannot be loaded')).toHaveLength(1);
      expect(node.linesWith('local fallback signer ready')).toEqual([]);
      expect(node.linesWith('signing locally')).toEqual([]);
    }
    const modes = validator!.linesWith('weights set').map((line) => line.mode);
    expect(new Set(modes)).toEqual(new Set(['remote']));
  });
});
