import type { OptionSpec } from '../config/options.js';
import { DEFAULT_WALLET_PATH } from '../config/paths.js';

export const DEVNET_OPTIONS: readonly OptionSpec[] = [
  {
    flag: 'chain-spec',
    env: ['SUBTENSOR_CHAIN_SPEC'],
    kind: 'string',
    description:
      'Raw Subtensor chain spec; defaults to ../shared/chain/subtensor-testfinney-genesis.raw.json beside the project.',
  },
  {
    flag: 'host',
    env: ['DEVNET_HOST'],
    kind: 'string',
    default: '127.0.0.1',
    description: 'Address the chain RPC listens on.',
  },
  {
    flag: 'port',
    env: ['DEVNET_PORT'],
    kind: 'port',
    default: 9944,
    description: 'Port of the chain RPC (WebSocket and HTTP); 0 picks a free one.',
  },
  {
    flag: 'wallet.path',
    env: ['BT_WALLET_PATH'],
    kind: 'string',
    default: DEFAULT_WALLET_PATH,
    description:
      'Folder for the dev wallets (btcli layout). Existing wallets are reused, never overwritten. New coldkeys are encrypted with $WALLET_PASSWORD when it is set.',
  },
  {
    flag: 'block-time-ms',
    env: ['DEVNET_BLOCK_TIME_MS'],
    kind: 'integer',
    default: 12000,
    description:
      'Builds an empty block this often, in milliseconds, as a real chain does; 0 builds blocks only for transactions.',
  },
  {
    flag: 'logging.debug',
    kind: 'boolean',
    default: false,
    description: 'Logs at debug level.',
  },
];
