import type { OptionSpec } from '../config/options.js';
import { DEFAULT_WALLET_PATH } from '../config/paths.js';

/** Settings of `npm start`; names match the devnet and service programs. */
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
    description: 'Port of the local chain RPC; 0 picks a free one.',
  },
  {
    flag: 'manage.port',
    env: ['MANAGE_SERVICE_PORT'],
    kind: 'port',
    default: 8000,
    description: 'Port of the manage service API on 127.0.0.1; 0 picks a free one.',
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
    flag: 'logging.debug',
    kind: 'boolean',
    default: false,
    description:
      'Shows the info and debug logs of the chain and the service (warnings only otherwise).',
  },
];
