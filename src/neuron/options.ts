import { CHAIN_OPTIONS } from '../chain/endpoints.js';
import { CLIENT_OPTIONS } from '../client/options.js';
import { isIP } from 'node:net';
import { ConfigError, type OptionSpec, type OptionValues } from '../config/options.js';

/** Options both nodes take, in the Python SDK's names. */
export const COMMON_NODE_OPTIONS: readonly OptionSpec[] = [
  {
    flag: 'netuid',
    env: ['netuid', 'NETUID'],
    kind: 'integer',
    default: 2,
    description: 'Subnet the node works on.',
  },
  ...CHAIN_OPTIONS,
  ...CLIENT_OPTIONS,
  {
    flag: 'neuron.sync_interval_s',
    env: ['NEURON_SYNC_INTERVAL_S'],
    kind: 'integer',
    default: 60,
    description: "Seconds between re-reads of the subnet's metagraph from chain.",
  },
  {
    flag: 'logging.debug',
    kind: 'boolean',
    default: false,
    description: 'Logs at debug level (LOG_LEVEL also sets the level).',
  },
];

export const MINER_OPTIONS: readonly OptionSpec[] = [
  ...COMMON_NODE_OPTIONS,
  {
    flag: 'axon.port',
    env: ['AXON_PORT'],
    kind: 'port',
    default: 8091,
    description: 'Port the axon listens on.',
  },
  {
    flag: 'axon.ip',
    env: ['AXON_IP'],
    kind: 'string',
    default: '0.0.0.0',
    description: 'Address the axon listens on.',
  },
  {
    flag: 'axon.external_ip',
    env: ['AXON_EXTERNAL_IP'],
    kind: 'string',
    description:
      "Address published on chain with serve_axon; defaults to this machine's first non-loopback IPv4 address.",
  },
  {
    flag: 'axon.external_port',
    env: ['AXON_EXTERNAL_PORT'],
    kind: 'port',
    description: 'Port published on chain; defaults to --axon.port.',
  },
  {
    flag: 'blacklist.force_validator_permit',
    env: ['BLACKLIST_FORCE_VALIDATOR_PERMIT'],
    kind: 'boolean',
    default: false,
    description: 'Rejects callers without a validator permit, not only unregistered ones.',
  },
];

export const VALIDATOR_OPTIONS: readonly OptionSpec[] = [
  ...COMMON_NODE_OPTIONS,
  {
    flag: 'axon.external_ip',
    env: ['AXON_EXTERNAL_IP'],
    kind: 'string',
    description:
      "This machine's public address; axons published with it are queried over loopback, as the Python SDK does.",
  },
  {
    flag: 'neuron.step_s',
    env: ['NEURON_STEP_S'],
    kind: 'integer',
    default: 12,
    description: 'Seconds between validation steps (one query of every miner).',
  },
  {
    flag: 'neuron.timeout_s',
    env: ['NEURON_TIMEOUT_S'],
    kind: 'integer',
    default: 12,
    description: 'Timeout of one query to a miner, in seconds.',
  },
  {
    flag: 'neuron.moving_average_alpha',
    env: ['NEURON_MOVING_AVERAGE_ALPHA'],
    kind: 'string',
    default: '0.1',
    description: 'Weight of the newest reward in the moving average of scores, in (0, 1].',
  },
  {
    flag: 'neuron.state_path',
    env: ['NEURON_STATE_PATH'],
    kind: 'string',
    default: '~/.bittensor/manage-nodes/validator-state.json',
    description: 'File that keeps the moving average scores across restarts.',
  },
  {
    flag: 'neuron.version_key',
    env: ['NEURON_VERSION_KEY'],
    kind: 'integer',
    description:
      "Version key sent with weights; defaults to the subnet's WeightsVersionKey read from chain, which every runtime accepts.",
  },
  {
    flag: 'neuron.epoch_length',
    env: ['NEURON_EPOCH_LENGTH'],
    kind: 'integer',
    default: 0,
    description:
      "Blocks between weight updates; 0 uses the subnet's tempo + 1. The subnet's weights rate limit always applies.",
  },
];

function checkRange(values: OptionValues, flag: string, minimum: number, maximum: number): void {
  const value = values[flag];
  if (value === undefined) {
    return;
  }
  const number = Number(value);
  if (!Number.isInteger(number) || number < minimum || number > maximum) {
    throw new ConfigError(
      `--${flag} ${String(value)} is out of range; use an integer from ${minimum} to ${maximum}`,
    );
  }
}

/**
 * Checks the values the option parser cannot: ranges, the moving average
 * alpha and the external address. Runs before any connection is made.
 */
export function validateNodeValues(values: OptionValues): void {
  checkRange(values, 'netuid', 0, 65535);
  checkRange(values, 'neuron.sync_interval_s', 1, 86_400);
  checkRange(values, 'neuron.step_s', 1, 86_400);
  checkRange(values, 'neuron.timeout_s', 1, 3600);
  checkRange(values, 'neuron.epoch_length', 0, 1_000_000);
  const alpha = values['neuron.moving_average_alpha'];
  if (alpha !== undefined && !(Number(alpha) > 0 && Number(alpha) <= 1)) {
    throw new ConfigError(
      `--neuron.moving_average_alpha ${String(alpha)} is not a number in (0, 1]; use e.g. 0.1`,
    );
  }
  const externalIp = values['axon.external_ip'];
  if (externalIp !== undefined && isIP(String(externalIp)) === 0) {
    throw new ConfigError(
      `--axon.external_ip ${String(externalIp)} is not an IPv4 or IPv6 address; set the address validators reach`,
    );
  }
}
