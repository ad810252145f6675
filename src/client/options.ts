import {
  ConfigError,
  resolveOptions,
  type OptionSpec,
  type ResolvedOptions,
} from '../config/options.js';
import { DEFAULT_WALLET_PATH } from '../config/paths.js';
import type { Logger } from '../log/logger.js';
import { DEFAULT_RETRIES, DEFAULT_TIMEOUT_MS } from './manage-client.js';

export const DEFAULT_SERVICE_URL = 'http://localhost:8000';
/** The service's default token; fine on one machine, replace it anywhere else. */
export const DEFAULT_CLIENT_TOKEN = 'default-token';

/**
 * Options of a miner or validator node for reaching the manage service.
 * Flags take precedence over environment variables, which take precedence
 * over defaults.
 */
export const CLIENT_OPTIONS: readonly OptionSpec[] = [
  {
    flag: 'manage.service_url',
    env: ['MANAGE_SERVICE_URL'],
    kind: 'url',
    default: DEFAULT_SERVICE_URL,
    description: 'Base URL of the manage service that stores the keys.',
    deprecated: { flags: ['wallet.service_url'], env: ['WALLET_SERVICE_URL'] },
  },
  {
    flag: 'manage.service_token',
    env: ['MANAGE_SERVICE_TOKEN'],
    kind: 'string',
    default: DEFAULT_CLIENT_TOKEN,
    description: 'Bearer token the manage service expects.',
  },
  {
    flag: 'manage.timeout_ms',
    env: ['MANAGE_SERVICE_TIMEOUT_MS'],
    kind: 'integer',
    default: DEFAULT_TIMEOUT_MS,
    description:
      "Limit for each request to the manage service, in milliseconds; keep it above the service's --tx.timeout_ms when waiting for inclusion.",
  },
  {
    flag: 'manage.retries',
    env: ['MANAGE_SERVICE_RETRIES'],
    kind: 'integer',
    default: DEFAULT_RETRIES,
    description:
      'Retries after a failed request (503, 504 or no response), with exponential backoff.',
  },
  {
    flag: 'wallet.name',
    env: ['BT_WALLET_NAME'],
    kind: 'string',
    default: 'default',
    description:
      'Wallet whose hotkey signs, on the service and locally. Setting it (flag or variable) also enables signing with the local wallet while the service is unreachable.',
  },
  {
    flag: 'wallet.hotkey',
    env: ['BT_WALLET_HOTKEY'],
    kind: 'string',
    default: 'default',
    description: 'Hotkey name within the wallet.',
  },
  {
    flag: 'wallet.path',
    env: ['BT_WALLET_PATH'],
    kind: 'string',
    default: DEFAULT_WALLET_PATH,
    description: 'Folder of btcli wallets for the local fallback.',
  },
];

export interface ClientConfig {
  serviceUrl: string;
  token: string;
  /** True when no token was configured, so the well-known default is sent. */
  tokenIsDefault: boolean;
  timeoutMs: number;
  retries: number;
  wallet: string;
  hotkey: string;
  /** Set when `--wallet.name` or `BT_WALLET_NAME` was given, which enables the local fallback. */
  localFallback: { walletPath: string } | undefined;
  /** Deprecation notices for old option names in use, each naming the replacement. */
  deprecations: readonly string[];
}

/**
 * Builds the client settings from options resolved with a spec list that
 * includes CLIENT_OPTIONS, for nodes that parse their own flags too.
 * Throws ConfigError naming a bad value.
 */
export function clientConfigFromOptions(options: ResolvedOptions): ClientConfig {
  const { values, sources } = options;
  const token = String(values['manage.service_token']);
  if (token === '') {
    throw new ConfigError(
      '--manage.service_token is empty; set the token the manage service expects',
    );
  }
  const walletExplicit = sources['wallet.name'] !== 'default';
  return Object.freeze({
    serviceUrl: String(values['manage.service_url']),
    token,
    tokenIsDefault: sources['manage.service_token'] === 'default',
    timeoutMs: atLeast('manage.timeout_ms', values['manage.timeout_ms'], 1),
    retries: atLeast('manage.retries', values['manage.retries'], 0),
    wallet: String(values['wallet.name']),
    hotkey: String(values['wallet.hotkey']),
    localFallback: walletExplicit ? { walletPath: String(values['wallet.path']) } : undefined,
    deprecations: options.deprecations,
  });
}

/**
 * Resolves CLIENT_OPTIONS from `argv` and `env`. `argv` must hold only these
 * flags; a node with flags of its own resolves them together and calls
 * clientConfigFromOptions. With a logger, it logs each deprecation once and a
 * warning when the default token is in use.
 */
export function loadClientConfig(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
  logger?: Logger,
): ClientConfig {
  const config = clientConfigFromOptions(resolveOptions(CLIENT_OPTIONS, argv, env));
  if (logger !== undefined) {
    logClientConfig(config, logger);
  }
  return config;
}

/** Logs the start-up notices of a client configuration; never the token. */
export function logClientConfig(config: ClientConfig, logger: Logger): void {
  for (const deprecation of config.deprecations) {
    logger.warn({ deprecation }, 'deprecated option in use');
  }
  if (config.tokenIsDefault) {
    logger.warn(
      { serviceUrl: config.serviceUrl },
      'no manage service token configured; sending the default token, which only a service with its default token accepts',
    );
  }
}

function atLeast(flag: string, value: unknown, minimum: number): number {
  if (typeof value !== 'number' || value < minimum) {
    throw new ConfigError(`--${flag} is ${String(value)}; use a whole number >= ${minimum}`);
  }
  return value;
}
