import path from 'node:path';
import { resolveChainEndpoint } from '../chain/endpoints.js';
import { ConfigError, rejectPositionals, resolveOptions } from '../config/options.js';
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
  /** V8 old-generation growth in percent. 0 keeps V8's own factor. */
  heapGrowingPercent: number;
  /**
   * The single hotkey token of `MANAGE_SERVICE_TOKEN`; `isDefault` means the
   * insecure `default-token`. Undefined when only the token file is used.
   */
  token: { value: string; isDefault: boolean } | undefined;
  tokenFile?: string;
  allowInsecurePermissions?: boolean;
  tls?: TlsFiles;
  bodyLimit?: number;
  requestTimeoutMs?: number;
  maxInFlight?: number;
}

/** PEM files for HTTPS; `clientCa` turns on mutual TLS. */
export interface TlsFiles {
  cert: string;
  key: string;
  clientCa?: string;
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

function optionalPath(value: unknown): string | undefined {
  return value ? path.resolve(expandHome(String(value))) : undefined;
}

/**
 * Chooses the legacy single token: MANAGE_SERVICE_TOKEN when set; otherwise
 * `default-token`, unless a token file provides the credentials.
 */
function chooseToken(
  env: NodeJS.ProcessEnv,
  tokenFile: string | undefined,
): ServiceConfig['token'] {
  const fromEnv = env.MANAGE_SERVICE_TOKEN;
  if (fromEnv) {
    return { value: fromEnv, isDefault: fromEnv === DEFAULT_SERVICE_TOKEN };
  }
  return tokenFile ? undefined : { value: DEFAULT_SERVICE_TOKEN, isDefault: true };
}

function tlsFiles(values: Record<string, unknown>): TlsFiles | undefined {
  const cert = optionalPath(values['tls.cert']);
  const key = optionalPath(values['tls.key']);
  if (!cert && !key) {
    if (values['tls.client_ca']) {
      throw new ConfigError(
        '--tls.client_ca needs --tls.cert and --tls.key; mutual TLS runs over HTTPS',
      );
    }
    return undefined;
  }
  if (!cert || !key) {
    throw new ConfigError('HTTPS needs both --tls.cert and --tls.key; set the missing one');
  }
  return { cert, key, clientCa: optionalPath(values['tls.client_ca']) };
}

function atLeast(value: unknown, minimum: number, flag: string, unit: string): number {
  const number = Number(value);
  if (number < minimum) {
    throw new ConfigError(`${flag} ${number} is below ${minimum}; use at least ${minimum} ${unit}`);
  }
  return number;
}

/** Returns --manage.heap_growing_percent; throws ConfigError unless it is 0 or 10 to 1000. */
function heapGrowingPercent(value: unknown): number {
  const percent = Number(value);
  if (percent !== 0 && (percent < 10 || percent > 1000)) {
    throw new ConfigError(
      `--manage.heap_growing_percent ${percent} is out of range; use 0 for V8's own factor or 10 to 1000`,
    );
  }
  return percent;
}

/** Reads the service settings from flags and environment; throws ConfigError on a bad value. */
export function loadServiceConfig(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): LoadedServiceConfig {
  const resolved = resolveOptions(SERVICE_OPTIONS, argv, env);
  rejectPositionals(resolved);
  const values = resolved.values;

  const host = String(values['manage.host']);
  const tokenFile = optionalPath(values['auth.token_file']);
  const token = chooseToken(env, tokenFile);
  if (token?.isDefault && !isLoopbackHost(host)) {
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
    heapGrowingPercent: heapGrowingPercent(values['manage.heap_growing_percent']),
    token,
    tokenFile,
    allowInsecurePermissions: Boolean(values['security.allow_insecure_permissions']),
    tls: tlsFiles(values),
    bodyLimit: atLeast(values['http.body_limit'], 1024, '--http.body_limit', 'bytes'),
    requestTimeoutMs: atLeast(
      values['http.request_timeout_ms'],
      1000,
      '--http.request_timeout_ms',
      'ms',
    ),
  };
  return {
    config: Object.freeze(config),
    deprecations: resolved.deprecations,
    help: resolved.help,
  };
}
