import { errorMessage } from '../../chain/connection.js';
import { ConfigError } from '../../config/options.js';
import { answerDummy, DUMMY_SYNAPSE, type DummyFields } from '../../protocol/index.js';
import { PYTHON_SDK_VERSION_KEY } from '../../weights/index.js';
import { defaultExternalIp } from '../external-ip.js';
import { startNodeRuntime, stopOnSignals } from '../node-runtime.js';
import { MINER_OPTIONS } from '../options.js';
import { buildAxonServer, type SynapseHandler } from './axon-server.js';
import { subnetBlacklist } from './blacklist.js';

const USAGE = `Usage: start_miner.sh [options]

Serves an axon that answers the subnet template's Dummy synapse, publishes its
address on chain through the manage service, and holds no private key.`;

async function main(): Promise<void> {
  const runtime = await startNodeRuntime('miner', USAGE, MINER_OPTIONS, process.argv.slice(2));
  if (!runtime) {
    return;
  }
  const { values, logger, netuid, watcher, signer, hotkey } = runtime;
  await watcher.sync();
  if (!watcher.neuron(hotkey)) {
    logger.warn(
      { hotkey, netuid },
      'this hotkey is not registered on the subnet; validators will not query it',
    );
  }
  watcher.start();

  const dummy: SynapseHandler<DummyFields> = { synapse: DUMMY_SYNAPSE, answer: answerDummy };
  const axon = await buildAxonServer({
    hotkey,
    handlers: [dummy as unknown as SynapseHandler],
    blacklist: subnetBlacklist(
      watcher,
      netuid,
      Boolean(values['blacklist.force_validator_permit']),
    ),
    logger,
  });
  const port = Number(values['axon.port']);
  await axon.listen({ host: String(values['axon.ip']), port });
  stopOnSignals(logger, async () => {
    await axon.close();
    await runtime.close();
  });

  const externalIp = (values['axon.external_ip'] as string | undefined) ?? defaultExternalIp();
  if (!externalIp) {
    throw new Error('no non-loopback IPv4 address found to publish; set --axon.external_ip');
  }
  const externalPort = Number(values['axon.external_port'] ?? port);
  try {
    const served = await signer.serveAxon({
      netuid,
      ip: externalIp,
      port: externalPort,
      version: PYTHON_SDK_VERSION_KEY,
      waitForInclusion: true,
    });
    logger.info({ ip: externalIp, port: externalPort, served }, 'axon published on chain');
  } catch (error) {
    logger.error(
      { err: errorMessage(error), ip: externalIp, port: externalPort },
      'publishing the axon failed; serving anyway',
    );
  }
  logger.info({ listen: `${String(values['axon.ip'])}:${port}`, hotkey, netuid }, 'miner ready');
}

main().catch((error: unknown) => {
  const prefix = error instanceof ConfigError ? 'invalid configuration' : 'miner failed';
  console.error(`${prefix}: ${errorMessage(error)}`);
  process.exit(1);
});
