import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { ApiPromise } from '@polkadot/api';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAxon } from '../../src/chain/axon-storage.js';
import { readWalletPublicKeys } from '../../src/keystore/index.js';
import {
  connectChain,
  findExtrinsic,
  readLastUpdate,
  readWeightsAt,
} from '../helpers/system-chain.js';
import {
  freePorts,
  startDevnetProcess,
  startNodeProcess,
  startServiceProcess,
  printOutputOnFailure,
  stablePort,
  stopAll,
  WARN_LEVEL,
  type LogLine,
  type ProgramProcess,
} from '../helpers/system-process.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { expectStoredShares } from '../helpers/weights.js';

/*
 * Validators as separate processes while the manage service stops and comes
 * back. Validator A has its hotkey on disk and may sign locally. Validator B
 * (the `miner` hotkey, uid 1) has an empty wallet folder, so it can only wait
 * for the service. Validator C has its hotkey but a wrong token. A miner
 * with its hotkey on disk starts while the service is down.
 */

const NETUID = 2;
const VALIDATOR_UID = 0;
const TOKEN = 'system-fallback-token-0123456789';
const WRONG_TOKEN = 'system-wrong-token-9876543210';
/** Minimum time before a validator that signs locally probes `/health` again (FallbackSigner default). */
const SWITCH_BACK_MS = 30_000;
/**
 * A documentation address (RFC 5737) for the miner's published axon. The
 * validators are given it as their own IP, so they query it over loopback.
 */
const PUBLISHED_IP = '192.0.2.77';
/** 192.0.2.77 as the chain stores an IPv4 address: its 32-bit big-endian value in a u128. */
const PUBLISHED_IP_U128 = 0xc000024dn;

const temp = makeTempDir('system-fallback');
const walletPath = path.join(temp.dir, 'wallets');
const emptyWalletPath = path.join(temp.dir, 'empty-wallets');
const auditDb = path.join(temp.dir, 'audit.sqlite');

let devnet: ProgramProcess | undefined;
let service: ProgramProcess | undefined;
/** Every service process started, the stopped one included. */
const services: ProgramProcess[] = [];
let validatorA: ProgramProcess | undefined;
let validatorB: ProgramProcess | undefined;
let validatorC: ProgramProcess | undefined;
let localMiner: ProgramProcess | undefined;
let localMinerPort: number;
let api: ApiPromise | undefined;
let servicePort: number;
let chainEndpoint: string;

/** Returns the log lines of `program` from index `from` on. */
function linesSince(program: ProgramProcess, from: number): readonly LogLine[] {
  return program.lines.slice(from);
}

function weightsSet(mode: 'remote' | 'local') {
  return (line: LogLine) => line.msg === 'weights set' && line.mode === mode;
}

async function startService(): Promise<ProgramProcess> {
  const started = await startServiceProcess({
    port: servicePort,
    walletPath,
    chainEndpoint,
    auditDb,
    token: TOKEN,
    home: temp.dir,
  });
  services.push(started);
  return started;
}

function startValidator(
  name: string,
  options: { wallet: string; walletPath: string; token: string },
): ProgramProcess {
  return startNodeProcess({
    name,
    role: 'validator',
    serviceUrl: `http://127.0.0.1:${servicePort}`,
    chainEndpoint,
    home: temp.dir,
    ...options,
    args: [
      '--axon.external_ip',
      PUBLISHED_IP,
      '--neuron.step_s',
      '3',
      '--neuron.epoch_length',
      '5',
      '--neuron.state_path',
      path.join(temp.dir, `${name}-state.json`),
    ],
  });
}

function auditedWeightHashes(): (string | null)[] {
  const db = new Database(auditDb, { readonly: true, fileMustExist: true });
  try {
    const rows = db
      .prepare(
        "SELECT tx_hash FROM audit_events WHERE operation = 'set_weights' AND outcome = 'success'",
      )
      .all() as { tx_hash: string | null }[];
    return rows.map((row) => row.tx_hash);
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  mkdirSync(emptyWalletPath);
  const [chainPort, axonPort] = await freePorts(2);
  localMinerPort = axonPort!;
  // The service stops and starts again on this port.
  servicePort = await stablePort();
  chainEndpoint = `ws://127.0.0.1:${chainPort}`;
  devnet = await startDevnetProcess({
    port: chainPort!,
    walletPath,
    blockTimeMs: 2000,
    home: temp.dir,
  });
  service = await startService();
  validatorA = startValidator('validator-a', { wallet: 'validator', walletPath, token: TOKEN });
  validatorB = startValidator('validator-b', {
    wallet: 'miner',
    walletPath: emptyWalletPath,
    token: TOKEN,
  });
  validatorC = startValidator('validator-c', {
    wallet: 'validator',
    walletPath,
    token: WRONG_TOKEN,
  });
  api = await connectChain(chainEndpoint);
}, 180_000);

afterAll(async () => {
  await api?.disconnect();
  await stopAll([validatorA, validatorB, validatorC, localMiner]);
  await stopAll([service]);
  await stopAll([devnet]);
  temp.remove();
});

describe('validators while the manage service is down', () => {
  printOutputOnFailure(() => [validatorA, validatorB, validatorC, localMiner, ...services]);

  it('never signs locally after a 401', async () => {
    const exit = await validatorC!.waitForExit(60_000);
    expect(exit.code).toBe(1);
    expect(validatorC!.output).toContain('validator failed');
    expect(validatorC!.output).toMatch(/401|unauthorized|token/i);
    // The local wallet was usable, so only the 401 kept the node from it.
    expect(validatorC!.linesWith('local fallback signer ready')).toHaveLength(1);
    expect(validatorC!.linesWith('signing locally')).toEqual([]);
    expect(validatorC!.linesWith('weights set')).toEqual([]);
    expect(validatorC!.output).not.toContain(WRONG_TOKEN);
  });

  it('sets weights through the service at first', async () => {
    const timeoutMs = 60_000;
    const firstA = await validatorA!.waitForLine('remote weights', weightsSet('remote'), {
      timeoutMs,
    });
    const firstB = await validatorB!.waitForLine('remote weights', weightsSet('remote'), {
      timeoutMs,
    });
    expect(auditedWeightHashes()).toEqual(expect.arrayContaining([firstA.txHash, firstB.txHash]));
    expect(validatorA!.linesWith('local fallback signer ready')).toHaveLength(1);
    expect(validatorB!.linesWith('local fallback disabled: hotkey cannot be loaded')).toHaveLength(
      1,
    );
  });

  it('signs locally while the service is down', async () => {
    const fromA = validatorA!.lines.length;
    const fromB = validatorB!.lines.length;
    await service!.stop();
    expect(service!.running).toBe(false);
    localMiner = startNodeProcess({
      name: 'miner2-local',
      role: 'miner',
      serviceUrl: `http://127.0.0.1:${servicePort}`,
      token: TOKEN,
      chainEndpoint,
      wallet: 'miner2',
      walletPath,
      home: temp.dir,
      args: [
        '--axon.ip',
        '127.0.0.1',
        '--axon.port',
        String(localMinerPort),
        '--axon.external_ip',
        PUBLISHED_IP,
      ],
    });

    const switched = await validatorA!.waitForLine(
      'the switch to local signing',
      (line) => line.msg.includes('signing locally'),
      { timeoutMs: 60_000, from: fromA },
    );
    expect(switched.level).toBe(WARN_LEVEL);
    const hotkey = readWalletPublicKeys(walletPath, 'validator', 'default').hotkey;
    const local: LogLine[] = [];
    for (const count of [1, 2]) {
      local.push(
        await validatorA!.waitForLine(
          `local weights number ${count}`,
          (line) => weightsSet('local')(line) && !local.includes(line),
          { timeoutMs: 45_000, from: fromA },
        ),
      );
    }
    for (const line of local) {
      const included = await findExtrinsic(api!, Number(line.block), String(line.txHash));
      expect(included?.signer).toBe(hotkey);
      expect(included?.call).toMatch(/^subtensorModule\.set(Mechanism)?Weights$/);
      const stored = await readWeightsAt(api!, Number(line.block), NETUID, VALIDATOR_UID);
      expectStoredShares(stored, line.uids as number[], line.weights as number[]);
    }
    expect(await readLastUpdate(api!, NETUID, VALIDATOR_UID)).toBeGreaterThanOrEqual(
      Number(local[1]!.block),
    );
    // The miner verifies the dendrite signatures A now makes with its local key.
    const answered = await validatorA!.waitForLine(
      'a step the local miner answered',
      (line) => line.msg === 'step done' && line.answered === 1,
      { timeoutMs: 45_000, from: fromA },
    );
    expect(answered.failures).toEqual([]);

    // B fails at signing its miner queries, or at setting weights when it has no miner to query.
    const retries = linesSince(validatorB!, fromB).filter(
      (line) =>
        line.level >= WARN_LEVEL &&
        [
          'manage service unreachable and no local wallet to sign with',
          'manage service unreachable; will try to set weights again',
        ].some((text) => line.msg.startsWith(text)) &&
        String(line.err).startsWith('no response from'),
    );
    // Step failures during an outage are logged once a minute, not once a step.
    expect(retries.length).toBeGreaterThanOrEqual(1);
    expect(validatorB!.running).toBe(true);
    expect(linesSince(validatorB!, fromB).filter((line) => line.msg === 'weights set')).toEqual([]);
  }, 150_000);

  it('serves a miner axon locally while the service is down', async () => {
    const published = await localMiner!.waitForLine(
      '"axon published on chain"',
      (line) => line.msg === 'axon published on chain',
      { timeoutMs: 60_000 },
    );
    expect((published.served as { mode?: string }).mode).toBe('local');
    const hotkey = readWalletPublicKeys(walletPath, 'miner2', 'default').hotkey;
    const axon = await readAxon(api!, NETUID, hotkey);
    expect(axon?.ip).toBe(PUBLISHED_IP_U128);
    expect(axon?.ipType).toBe(4);
    expect(axon?.port).toBe(localMinerPort);
    expect(axon?.protocol).toBe(4);
  }, 90_000);

  it('warns about the no-wallet outage once', () => {
    const warnings = validatorB!.lines.filter((line) =>
      line.msg.startsWith('manage service unreachable and no local wallet configured'),
    );
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.level).toBe(WARN_LEVEL);
  });

  it('returns to the service when it is back', async () => {
    const fromA = validatorA!.lines.length;
    const fromB = validatorB!.lines.length;
    service = await startService();

    const back = await validatorA!.waitForLine(
      'the switch back to the service',
      (line) => line.msg.startsWith('manage service reachable again; signing through it'),
      { timeoutMs: SWITCH_BACK_MS + 45_000, from: fromA },
    );
    const remoteAgain = await validatorA!.waitForLine('remote weights', weightsSet('remote'), {
      timeoutMs: 45_000,
      from: validatorA!.lines.indexOf(back),
    });
    await validatorB!.waitForLine(
      'that the service is reachable',
      (line) => line.msg === 'manage service reachable again',
      { timeoutMs: 45_000, from: fromB },
    );
    const remoteB = await validatorB!.waitForLine('remote weights', weightsSet('remote'), {
      timeoutMs: 45_000,
      from: fromB,
    });

    const audited = auditedWeightHashes();
    expect(audited).toContain(remoteAgain.txHash);
    expect(audited).toContain(remoteB.txHash);
    for (const line of validatorA!.lines.filter(weightsSet('local'))) {
      expect(audited).not.toContain(line.txHash);
    }
    expect(validatorA!.linesWith('signing locally')).toHaveLength(1);
  }, 150_000);

  it('keeps both validators running and the token out of logs', () => {
    for (const node of [validatorA!, validatorB!]) {
      expect(node.running).toBe(true);
    }
    for (const program of [validatorA!, validatorB!, localMiner!, ...services]) {
      expect(program.output).not.toContain(TOKEN);
    }
  });
});
