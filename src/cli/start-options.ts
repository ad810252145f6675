import type { OptionSpec } from '../config/options.js';
import { DEFAULT_WALLET_PATH } from '../config/paths.js';

/** Settings of `npm start`; names match the devnet, service and node programs. */
export const START_OPTIONS: readonly OptionSpec[] = [
  {
    flag: 'chain-spec',
    env: ['SUBTENSOR_CHAIN_SPEC'],
    kind: 'string',
    description:
      'Raw Subtensor chain spec; defaults to ../shared/chain/subtensor-testfinney-genesis.raw.json beside the project.',
  },
  {
    flag: 'devnet.port',
    env: ['DEVNET_PORT'],
    kind: 'port',
    default: 9944,
    description: 'Port of the local chain RPC.',
  },
  {
    flag: 'devnet.block_time_ms',
    env: ['DEVNET_BLOCK_TIME_MS'],
    kind: 'integer',
    default: 2000,
    description:
      'Time between blocks of the local chain, in milliseconds; short so epochs pass quickly.',
  },
  {
    flag: 'manage.port',
    env: ['MANAGE_SERVICE_PORT'],
    kind: 'port',
    default: 8000,
    description: 'Port of the manage service API on 127.0.0.1.',
  },
  {
    flag: 'axon.port',
    env: ['AXON_PORT'],
    kind: 'port',
    default: 8091,
    description:
      "Port of the first miner's axon on 127.0.0.1; the second miner takes the next port.",
  },
  {
    flag: 'axon.external_ip',
    env: ['AXON_EXTERNAL_IP'],
    kind: 'string',
    description:
      "Address the miners publish on chain (the local chain rejects 127.0.0.1); defaults to this machine's first non-loopback IPv4 address, else 192.0.2.1. The validator reaches it over loopback.",
  },
  {
    flag: 'wallet.path',
    env: ['BT_WALLET_PATH'],
    kind: 'string',
    default: DEFAULT_WALLET_PATH,
    description:
      'Folder of the dev wallets (btcli layout); existing wallets are reused, never overwritten.',
  },
  {
    flag: 'audit.db',
    env: ['MANAGE_AUDIT_DB'],
    kind: 'string',
    default: '~/.bittensor/manage-service/audit.sqlite',
    description: 'SQLite file of the audit log.',
  },
  {
    flag: 'run.dir',
    env: ['MANAGE_RUN_DIR'],
    kind: 'string',
    default: '~/.bittensor/manage-run',
    description:
      "Folder for this run's logs, the nodes' public-only wallet copy and the validator state.",
  },
];
