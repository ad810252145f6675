import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { errorMessage } from '../../chain/connection.js';
import { ConfigError } from '../../config/options.js';
import { ServiceUnreachableError } from '../../client/errors.js';
import type { Logger } from '../../log/logger.js';
import { expandHome } from '../../config/paths.js';
import { defaultExternalIp, localAddresses } from '../external-ip.js';
import { startNodeRuntime, stopOnSignals } from '../node-runtime.js';
import { VALIDATOR_OPTIONS } from '../options.js';
import { Dendrite } from './dendrite.js';
import { ScoreState } from './score-state.js';
import { Validator } from './validator.js';

const USAGE = `Usage: start_validator.sh [options]

Queries the subnet's miners with requests signed by the manage service, keeps
a moving average of their scores, and sets weights through the service once
per epoch. It holds no private key.`;

let runtimeLogger: Logger | undefined;

async function main(): Promise<void> {
  const runtime = await startNodeRuntime(
    'validator',
    USAGE,
    VALIDATOR_OPTIONS,
    process.argv.slice(2),
  );
  if (!runtime) {
    return;
  }
  const { values, logger, netuid, watcher, signer, hotkey } = runtime;
  runtimeLogger = logger;
  const alpha = Number(values['neuron.moving_average_alpha']);
  const statePath = path.resolve(expandHome(String(values['neuron.state_path'])));
  const state = ScoreState.open(statePath, netuid, alpha);
  logger.info({ statePath, step: state.snapshot.step }, 'validator state loaded');

  const externalIp =
    (values['axon.external_ip'] as string | undefined) ?? defaultExternalIp() ?? '127.0.0.1';
  const local = localAddresses();
  local.add(externalIp);
  const validator = new Validator(
    {
      netuid,
      hotkey,
      timeoutSeconds: Number(values['neuron.timeout_s']),
      epochLength: Number(values['neuron.epoch_length']),
      versionKey:
        values['neuron.version_key'] === undefined
          ? undefined
          : BigInt(String(values['neuron.version_key'])),
    },
    {
      watcher,
      signer,
      dendrite: new Dendrite({ signer, hotkey, externalIp, localAddresses: local }),
      state,
      logger,
    },
  );

  let running = true;
  stopOnSignals(logger, async () => {
    running = false;
    await runtime.close();
  });
  const stepMs = Number(values['neuron.step_s']) * 1000;
  const outage = { lastLog: 0, failedSteps: 0 };
  while (running) {
    const started = Date.now();
    try {
      await validator.step();
      if (outage.failedSteps > 0) {
        logger.info(
          { failedSteps: outage.failedSteps },
          'manage service reachable again; steps resumed',
        );
        outage.failedSteps = 0;
      }
    } catch (error) {
      logStepFailure(error, outage);
    }
    await delay(Math.max(0, stepMs - (Date.now() - started)));
  }
}

/** Milliseconds between repeated warnings while the manage service stays unreachable. */
const OUTAGE_LOG_INTERVAL_MS = 60_000;

/**
 * Logs a failed step. An unreachable service fails every step until it is
 * back, so that case logs one warning a minute with the count, not one error
 * per step.
 */
function logStepFailure(error: unknown, outage: { lastLog: number; failedSteps: number }): void {
  if (!(error instanceof ServiceUnreachableError)) {
    runtimeLogger?.error({ err: errorMessage(error) }, 'validator step failed');
    return;
  }
  outage.failedSteps += 1;
  if (Date.now() - outage.lastLog >= OUTAGE_LOG_INTERVAL_MS) {
    outage.lastLog = Date.now();
    runtimeLogger?.warn(
      { err: error.message, failedSteps: outage.failedSteps },
      'manage service unreachable and no local wallet to sign with; retrying every step',
    );
  }
}

main().catch((error: unknown) => {
  const prefix = error instanceof ConfigError ? 'invalid configuration' : 'validator failed';
  console.error(`${prefix}: ${errorMessage(error)}`);
  process.exit(1);
});
