import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { ChainConnection } from '../chain/connection.js';
import {
  ConfigError,
  formatHelp,
  rejectPositionals,
  resolveOptions,
  type OptionValues,
} from '../config/options.js';
import { PROJECT_ROOT, expandHome } from '../config/paths.js';
import { resolveChainSpec } from '../devnet/chain-spec.js';
import { DEV_WALLET_NAMES } from '../devnet/dev-wallets.js';
import { readWalletPublicKeys } from '../keystore/index.js';
import { createLogger } from '../log/logger.js';
import { defaultExternalIp } from '../neuron/external-ip.js';
import { startChild, type ManagedChild } from './child-process.js';
import { copyPublicWalletFiles } from './public-wallets.js';
import { START_OPTIONS } from './start-options.js';
import { formatReadout, lastSetWeightsRecord, readUid, waitForWeights } from './subnet-readout.js';

const USAGE = `Usage: npm start -- [options]

Runs a whole subnet on a local chain, every program in its own process: the
chain, the manage service (the only process with private keys), two miners
and a validator. It waits until the validator's weights for the miners are
on chain, prints them with the audit record, and keeps running until Ctrl-C.`;

const NETUID = 2;
/** Fallback address for the miners to publish: TEST-NET-1, never routed. */
const DOCUMENTATION_IP = '192.0.2.1';

interface RunSettings {
  walletPath: string;
  auditDb: string;
  runDir: string;
  logDir: string;
  chainSpec: string;
  devnetPort: number;
  managePort: number;
  axonPort: number;
  externalIp: string;
  token: { value: string; origin: string };
}

function settingsFrom(values: OptionValues): RunSettings {
  const runDir = path.resolve(expandHome(String(values['run.dir'])));
  const fromEnv = process.env.MANAGE_SERVICE_TOKEN;
  return {
    walletPath: path.resolve(expandHome(String(values['wallet.path']))),
    auditDb: path.resolve(expandHome(String(values['audit.db']))),
    runDir,
    logDir: path.join(runDir, 'logs'),
    chainSpec: resolveChainSpec(values['chain-spec'] as string | undefined, PROJECT_ROOT),
    devnetPort: Number(values['devnet.port']),
    managePort: Number(values['manage.port']),
    axonPort: Number(values['axon.port']),
    externalIp:
      (values['axon.external_ip'] as string | undefined) ?? defaultExternalIp() ?? DOCUMENTATION_IP,
    token: fromEnv
      ? { value: fromEnv, origin: 'MANAGE_SERVICE_TOKEN' }
      : { value: randomBytes(24).toString('base64url'), origin: 'generated for this run' },
  };
}

/** Starts every program in order, waiting for each one's ready line. */
async function startSubnet(
  run: RunSettings,
  values: OptionValues,
  children: ManagedChild[],
): Promise<void> {
  const endpoint = `ws://127.0.0.1:${run.devnetPort}`;
  const serviceUrl = `http://127.0.0.1:${run.managePort}`;
  const env = {
    ...process.env,
    BT_WALLET_PATH: run.walletPath,
    MANAGE_SERVICE_TOKEN: run.token.value,
  };
  const launch = (name: string, entry: string, args: string[]) => {
    const child = startChild(name, entry, args, env, run.logDir);
    children.push(child);
    return child;
  };

  console.log(`starting the local chain on ${endpoint} and bootstrapping subnet ${NETUID} ...`);
  const devnetArgs = [
    '--port',
    String(run.devnetPort),
    '--block-time-ms',
    String(values['devnet.block_time_ms']),
  ];
  await launch('devnet', 'src/devnet/cli.ts', [
    '--chain-spec',
    run.chainSpec,
    ...devnetArgs,
  ]).waitForLine('devnet ready', 180_000);

  console.log(`starting the manage service on ${serviceUrl} ...`);
  const serviceArgs = [
    '--manage.port',
    String(run.managePort),
    '--subtensor.chain_endpoint',
    endpoint,
    '--audit.db',
    run.auditDb,
  ];
  await launch('manage-service', 'src/service/cli.ts', serviceArgs).waitForLine(
    '"state":"ready"',
    60_000,
  );

  const nodeWallets = path.join(run.runDir, 'node-wallets');
  copyPublicWalletFiles(run.walletPath, nodeWallets, DEV_WALLET_NAMES);
  const nodeArgs = (wallet: string) => [
    '--manage.service_url',
    serviceUrl,
    '--wallet.name',
    wallet,
    '--wallet.path',
    nodeWallets,
    '--subtensor.chain_endpoint',
    endpoint,
    '--netuid',
    String(NETUID),
    '--axon.external_ip',
    run.externalIp,
  ];
  console.log(
    `starting miners on 127.0.0.1:${run.axonPort} and :${run.axonPort + 1} (published as ${run.externalIp}) ...`,
  );
  const miners = ['miner', 'miner2'].map((wallet, index) =>
    launch(wallet, 'src/neuron/miner/cli.ts', [
      ...nodeArgs(wallet),
      '--axon.ip',
      '127.0.0.1',
      '--axon.port',
      String(run.axonPort + index),
    ]),
  );
  await Promise.all(miners.map((miner) => miner.waitForLine('miner ready', 90_000)));

  console.log('starting the validator ...');
  const validatorArgs = [
    ...nodeArgs('validator'),
    '--neuron.step_s',
    '4',
    '--neuron.state_path',
    path.join(run.runDir, 'validator-state.json'),
  ];
  await launch('validator', 'src/neuron/validator/cli.ts', validatorArgs).waitForLine(
    'validator state loaded',
    90_000,
  );
}

async function printWeights(run: RunSettings): Promise<void> {
  const logger = createLogger({ name: 'start', level: 'warn' });
  const connection = new ChainConnection({ endpoint: `ws://127.0.0.1:${run.devnetPort}`, logger });
  connection.start();
  try {
    const api = await connection.waitUntilReady(30_000);
    const uidOf = async (wallet: string) => {
      const uid = await readUid(
        api,
        NETUID,
        readWalletPublicKeys(run.walletPath, wallet, 'default').hotkey,
      );
      if (uid === undefined) {
        throw new Error(`wallet ${wallet} is not registered on netuid ${NETUID}`);
      }
      return uid;
    };
    const validatorUid = await uidOf('validator');
    const minerUids = [await uidOf('miner'), await uidOf('miner2')];
    console.log('waiting for the validator to query the miners and set weights ...');
    const weights = await waitForWeights(api, NETUID, validatorUid, minerUids, 180_000);
    console.log(formatReadout(weights, lastSetWeightsRecord(run.auditDb)));
  } finally {
    await connection.close();
  }
}

async function stopAll(children: ManagedChild[]): Promise<void> {
  for (const child of [...children].reverse()) {
    await child.stop();
  }
}

async function main(): Promise<void> {
  const options = resolveOptions(START_OPTIONS, process.argv.slice(2));
  rejectPositionals(options);
  if (options.help) {
    console.log(formatHelp(USAGE, START_OPTIONS));
    return;
  }
  const run = settingsFrom(options.values);
  mkdirSync(run.logDir, { recursive: true, mode: 0o700 });
  const children: ManagedChild[] = [];
  let stopping = false;
  const shutdown = (code: number) => {
    stopping = true;
    console.log(`stopping ${children.length} processes ...`);
    void stopAll(children).then(() => {
      console.log('stopped');
      process.exit(code);
    });
  };
  process.once('SIGINT', () => shutdown(0));
  process.once('SIGTERM', () => shutdown(0));
  process.once('SIGHUP', () => shutdown(0));

  try {
    await startSubnet(run, options.values, children);
    await printWeights(run);
  } catch (error) {
    await stopAll(children);
    throw error;
  }
  for (const child of children) {
    child.child.once('exit', (code, signal) => {
      if (!stopping) {
        console.error(
          `${child.name} stopped (code ${code}, signal ${signal}); last lines of ${child.logFile}:\n${child.tail()}`,
        );
        shutdown(1);
      }
    });
  }
  console.log(
    `\nmanage service: http://127.0.0.1:${run.managePort} (API docs at /docs, metrics at /metrics)`,
  );
  console.log(`token (${run.token.origin}): ${run.token.value}`);
  console.log(`logs: ${run.logDir}`);
  console.log('subnet running; press Ctrl-C to stop');
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  const prefix = error instanceof ConfigError ? 'invalid configuration' : 'start failed';
  console.error(`${prefix}: ${message}`);
  process.exit(1);
});
