import path from 'node:path';
import { resolveChainEndpoint } from '../chain/endpoints.js';
import { ConfigError, resolveOptions } from '../config/options.js';
import { expandHome } from '../config/paths.js';
import { DEFAULT_SERVICE_TOKEN, SERVICE_OPTIONS } from './options.js';

/** Validated settings of the manage service; frozen once built. */
export interface ServiceConfig {
  host: string;
  port: number;
  walletPath: string;
  passwordFile: string | undefined;
  chainEndpoint: string;
  auditDb: string;
  txTimeoutMs: number;
  eraPeriod: number;
  logLevel: string;
  /** The single full-access token; `isDefault` means the insecure `default-token`. */
  token: { value: string; isDefault: boolean };
}

export interface LoadedServiceConfig {
  config: Readonly<ServiceConfig>;
  deprecations: readonly string[];
  help: boolean;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '::1', 'localhost']);

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_HOSTS.has(host) || host.startsWith('127.');
}

/** Reads the service settings from flags and environment; throws ConfigError on a bad value. */
export function loadServiceConfig(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): LoadedServiceConfig {
  const resolved = resolveOptions(SERVICE_OPTIONS, argv, env);
  const values = resolved.values;
  const host = String(values['manage.host']);
  const tokenValue = env.MANAGE_SERVICE_TOKEN || DEFAULT_SERVICE_TOKEN;
  const token = { value: tokenValue, isDefault: tokenValue === DEFAULT_SERVICE_TOKEN };
  if (token.isDefault && !isLoopbackHost(host)) {
    throw new ConfigError(
      `MANAGE_SERVICE_TOKEN is unset or ${DEFAULT_SERVICE_TOKEN} while listening on ${host}; set a long random MANAGE_SERVICE_TOKEN or listen on 127.0.0.1`,
    );
  }
  const timeout = Number(values['tx.timeout_ms']);
  if (timeout < 1000) {
    throw new ConfigError(`--tx.timeout_ms ${timeout} is below 1000; use at least 1000 ms`);
  }
  const eraPeriod = Number(values['tx.era_period']);
  if (eraPeriod < 4 || eraPeriod > 65536) {
    throw new ConfigError(`--tx.era_period ${eraPeriod} is out of range; use 4 to 65536 blocks`);
  }
  const passwordFile = values['wallet.password_file'];
  const config: ServiceConfig = {
    host,
    port: Number(values['manage.port']),
    walletPath: path.resolve(expandHome(String(values['wallet.path']))),
    passwordFile: passwordFile ? path.resolve(expandHome(String(passwordFile))) : undefined,
    chainEndpoint: resolveChainEndpoint(values),
    auditDb: path.resolve(expandHome(String(values['audit.db']))),
    txTimeoutMs: timeout,
    eraPeriod,
    logLevel: values['logging.debug'] ? 'debug' : (env.LOG_LEVEL ?? 'info'),
    token,
  };
  return {
    config: Object.freeze(config),
    deprecations: resolved.deprecations,
    help: resolved.help,
  };
}
