import { CHAIN_OPTIONS } from '../chain/endpoints.js';
import type { OptionSpec } from '../config/options.js';
import { DEFAULT_WALLET_PATH } from '../config/paths.js';

export const DEFAULT_SERVICE_TOKEN = 'default-token';

export const SERVICE_OPTIONS: readonly OptionSpec[] = [
  {
    flag: 'manage.host',
    env: ['MANAGE_SERVICE_HOST'],
    kind: 'string',
    default: '127.0.0.1',
    description:
      'Address the HTTP API listens on. Use 0.0.0.0 only behind a firewall or in a private network.',
  },
  {
    flag: 'manage.port',
    env: ['MANAGE_SERVICE_PORT'],
    kind: 'port',
    default: 8000,
    description: 'Port of the HTTP API; 0 picks a free one.',
  },
  {
    flag: 'wallet.path',
    env: ['BT_WALLET_PATH'],
    kind: 'string',
    default: DEFAULT_WALLET_PATH,
    description: 'Folder of btcli wallets to load (every wallet and hotkey in it).',
  },
  {
    flag: 'wallet.password_file',
    env: ['MANAGE_WALLET_PASSWORD_FILE'],
    kind: 'string',
    description:
      'YAML or JSON file mapping wallet names to coldkey passwords. btwallet BT_PW_<PATH> variables also work.',
  },
  {
    flag: 'auth.token_file',
    env: ['MANAGE_TOKEN_FILE'],
    kind: 'string',
    description:
      'YAML or JSON file of scoped tokens and the coldkey policy (see docs/security.md); reloaded on SIGHUP. MANAGE_SERVICE_TOKEN, when also set, stays valid as a full hotkey token.',
  },
  {
    flag: 'security.allow_insecure_permissions',
    env: ['MANAGE_ALLOW_INSECURE_PERMISSIONS'],
    kind: 'boolean',
    default: false,
    description:
      'Starts even when the token file or a key file is accessible by group or others (logged as a warning). Without it such files stop the start.',
  },
  {
    flag: 'tls.cert',
    env: ['MANAGE_TLS_CERT'],
    kind: 'string',
    description: 'PEM certificate (chain) for HTTPS; set together with --tls.key.',
  },
  {
    flag: 'tls.key',
    env: ['MANAGE_TLS_KEY'],
    kind: 'string',
    description: 'PEM private key for HTTPS.',
  },
  {
    flag: 'tls.client_ca',
    env: ['MANAGE_TLS_CLIENT_CA'],
    kind: 'string',
    description:
      'PEM CA bundle for mutual TLS: clients must present a certificate it signed, and a certificate whose subject CN is a token id authenticates as that token.',
  },
  {
    flag: 'http.body_limit',
    env: ['MANAGE_HTTP_BODY_LIMIT'],
    kind: 'integer',
    default: 1_048_576,
    description: 'Largest request body accepted, in bytes; larger bodies get 413.',
  },
  {
    flag: 'http.request_timeout_ms',
    env: ['MANAGE_HTTP_REQUEST_TIMEOUT_MS'],
    kind: 'integer',
    default: 120_000,
    description:
      'Longest time to receive a whole request, in milliseconds; keep it above --tx.timeout_ms.',
  },
  {
    flag: 'http.max_in_flight',
    env: ['MANAGE_HTTP_MAX_IN_FLIGHT'],
    kind: 'integer',
    default: 1024,
    description:
      'Wallet requests handled at once; beyond it the service answers 503 OVERLOADED at once.',
  },
  {
    flag: 'manage.heap_growing_percent',
    env: ['MANAGE_HEAP_GROWING_PERCENT'],
    kind: 'integer',
    default: 30,
    description:
      "Growth of V8's old generation after a full garbage collection, in percent of the live size; 0 keeps V8's own factor, which uses less CPU and more memory under load.",
  },
  ...CHAIN_OPTIONS,
  {
    flag: 'audit.db',
    env: ['MANAGE_AUDIT_DB'],
    kind: 'string',
    default: '~/.bittensor/manage-service/audit.sqlite',
    description: 'SQLite file of the audit log; created when missing.',
  },
  {
    flag: 'tx.timeout_ms',
    env: ['MANAGE_TX_TIMEOUT_MS'],
    kind: 'integer',
    default: 60_000,
    description:
      'Longest wait for inclusion or finalization before answering 504, in milliseconds.',
  },
  {
    flag: 'tx.era_period',
    env: ['MANAGE_TX_ERA_PERIOD'],
    kind: 'integer',
    default: 64,
    description: 'Mortality of signed transactions, in blocks (64 to 128 recommended).',
  },
  {
    flag: 'logging.debug',
    kind: 'boolean',
    default: false,
    description: 'Logs at debug level (LOG_LEVEL also sets the level).',
  },
];
