import { ConfigError, type OptionSpec, type OptionValues } from '../config/options.js';

/**
 * Public endpoints of the named networks, as the Python SDK (bittensor 10)
 * resolves `--subtensor.network`.
 */
export const NETWORK_ENDPOINTS: Readonly<Record<string, string>> = Object.freeze({
  finney: 'wss://entrypoint-finney.opentensor.ai:443',
  test: 'wss://test.finney.opentensor.ai:443',
  local: 'ws://127.0.0.1:9944',
});

export const CHAIN_OPTIONS: readonly OptionSpec[] = [
  {
    flag: 'subtensor.network',
    env: ['network', 'NETWORK', 'SUBTENSOR_NETWORK'],
    kind: 'string',
    default: 'local',
    description: `Named network: ${Object.keys(NETWORK_ENDPOINTS).join(', ')}.`,
  },
  {
    flag: 'subtensor.chain_endpoint',
    env: ['chain_endpoint', 'CHAIN_ENDPOINT', 'SUBTENSOR_CHAIN_ENDPOINT'],
    kind: 'string',
    description: 'WebSocket URL of a Subtensor node; overrides --subtensor.network.',
  },
];

/** Picks the WebSocket endpoint from `--subtensor.chain_endpoint` or the network name. */
export function resolveChainEndpoint(values: OptionValues): string {
  const explicit = values['subtensor.chain_endpoint'];
  if (typeof explicit === 'string' && explicit !== '') {
    return checkWebSocketUrl(explicit);
  }
  const network = String(values['subtensor.network'] ?? 'local');
  const endpoint = NETWORK_ENDPOINTS[network];
  if (endpoint === undefined) {
    // The SDK also accepts a URL in place of a network name.
    if (/^wss?:\/\//.test(network)) {
      return checkWebSocketUrl(network);
    }
    const names = Object.keys(NETWORK_ENDPOINTS).join(', ');
    throw new ConfigError(
      `unknown network ${JSON.stringify(network)}; use one of ${names} or set --subtensor.chain_endpoint`,
    );
  }
  return endpoint;
}

function checkWebSocketUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ConfigError(
      `invalid chain endpoint ${JSON.stringify(text)}; use a WebSocket URL such as ws://127.0.0.1:9944`,
    );
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') {
    throw new ConfigError(`chain endpoint ${JSON.stringify(text)} must use ws:// or wss://`);
  }
  return text;
}
