import { describe, expect, it } from 'vitest';
import {
  CLIENT_OPTIONS,
  clientConfigFromOptions,
  loadClientConfig,
} from '../../src/client/options.js';
import { ConfigError, resolveOptions, type OptionSpec } from '../../src/config/options.js';
import { captureLogger } from '../helpers/log-capture.js';

describe('loadClientConfig', () => {
  it('uses the defaults without flags or variables', () => {
    const config = loadClientConfig([], {});
    expect(config.serviceUrl).toBe('http://localhost:8000');
    expect(config.token).toBe('default-token');
    expect(config.tokenIsDefault).toBe(true);
    expect(config.timeoutMs).toBe(30_000);
    expect(config.retries).toBe(3);
    expect(config.wallet).toBe('default');
    expect(config.hotkey).toBe('default');
    expect(config.localFallback).toBeUndefined();
    expect(config.deprecations).toEqual([]);
  });

  it('takes variables over defaults', () => {
    const config = loadClientConfig([], {
      MANAGE_SERVICE_URL: 'http://127.0.0.1:9100',
      MANAGE_SERVICE_TOKEN: 'from-env',
    });
    expect(config.serviceUrl).toBe('http://127.0.0.1:9100');
    expect(config.token).toBe('from-env');
    expect(config.tokenIsDefault).toBe(false);
  });

  it('takes flags over variables', () => {
    const config = loadClientConfig(
      ['--manage.service_url', 'http://127.0.0.1:9200', '--manage.service_token=from-flag'],
      { MANAGE_SERVICE_URL: 'http://127.0.0.1:9100', MANAGE_SERVICE_TOKEN: 'from-env' },
    );
    expect(config.serviceUrl).toBe('http://127.0.0.1:9200');
    expect(config.token).toBe('from-flag');
  });

  it('accepts the deprecated flag and names the new one', () => {
    const config = loadClientConfig(['--wallet.service_url', 'http://127.0.0.1:9300'], {});
    expect(config.serviceUrl).toBe('http://127.0.0.1:9300');
    expect(config.deprecations).toEqual([
      '--wallet.service_url is deprecated; use --manage.service_url',
    ]);
  });

  it('accepts the deprecated variable and names the new one', () => {
    const config = loadClientConfig([], { WALLET_SERVICE_URL: 'http://127.0.0.1:9400' });
    expect(config.serviceUrl).toBe('http://127.0.0.1:9400');
    expect(config.deprecations).toEqual([
      'WALLET_SERVICE_URL is deprecated; use MANAGE_SERVICE_URL',
    ]);
  });

  it('prefers the new variable over the deprecated one', () => {
    const config = loadClientConfig([], {
      MANAGE_SERVICE_URL: 'http://127.0.0.1:9500',
      WALLET_SERVICE_URL: 'http://127.0.0.1:9400',
    });
    expect(config.serviceUrl).toBe('http://127.0.0.1:9500');
    expect(config.deprecations).toEqual([]);
  });

  it('prefers the deprecated flag over the new variable', () => {
    const config = loadClientConfig(['--wallet.service_url=http://127.0.0.1:9600'], {
      MANAGE_SERVICE_URL: 'http://127.0.0.1:9500',
    });
    expect(config.serviceUrl).toBe('http://127.0.0.1:9600');
    expect(config.deprecations).toHaveLength(1);
  });

  it('logs deprecations and the default token', () => {
    const capture = captureLogger('options-test', 'info');
    loadClientConfig([], { WALLET_SERVICE_URL: 'http://127.0.0.1:9400' }, capture.logger);
    const lines = capture
      .text()
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { msg: string; deprecation?: string; level: number });
    const deprecations = lines.filter((line) => line.msg === 'deprecated option in use');
    expect(deprecations).toHaveLength(1);
    expect(deprecations[0]?.deprecation).toContain('MANAGE_SERVICE_URL');
    expect(deprecations[0]?.level).toBe(40);
    expect(lines.some((line) => line.msg.startsWith('no manage service token configured'))).toBe(
      true,
    );
  });

  it('never logs the token', () => {
    const capture = captureLogger('options-test', 'debug');
    loadClientConfig(['--manage.service_token', 's3cret-token-value'], {}, capture.logger);
    expect(capture.text()).not.toContain('s3cret-token-value');
  });

  it('enables the local fallback only for an explicit wallet name', () => {
    expect(loadClientConfig(['--wallet.hotkey', 'hk'], {}).localFallback).toBeUndefined();
    const byFlag = loadClientConfig(['--wallet.name', 'validator', '--wallet.path', '/w'], {});
    expect(byFlag.localFallback).toEqual({ walletPath: '/w' });
    expect(byFlag.wallet).toBe('validator');
    const byEnv = loadClientConfig([], { BT_WALLET_NAME: 'miner', BT_WALLET_PATH: '/x' });
    expect(byEnv.localFallback).toEqual({ walletPath: '/x' });
    expect(byEnv.wallet).toBe('miner');
  });

  it('defaults the wallet path to the btcli folder', () => {
    const config = loadClientConfig(['--wallet.name', 'validator'], {});
    expect(config.localFallback?.walletPath).toBe('~/.bittensor/wallets');
  });

  it.each([
    [['--manage.service_url', 'not a url'], /invalid URL "not a url" for --manage.service_url/],
    [['--manage.retries=-1'], /--manage.retries is -1/],
    [['--manage.timeout_ms', '0'], /--manage.timeout_ms is 0/],
    [['--manage.timeout_ms', 'soon'], /invalid integer "soon"/],
    [['--manage.service_token='], /--manage.service_token is empty/],
    [['--unknown.flag', 'x'], /run with --help/],
  ])('rejects %j', (argv, message) => {
    expect(() => loadClientConfig(argv, {})).toThrow(ConfigError);
    expect(() => loadClientConfig(argv, {})).toThrow(message);
  });
});

describe('clientConfigFromOptions', () => {
  it('reads client settings next to other options', () => {
    const nodeOptions: OptionSpec[] = [
      { flag: 'netuid', kind: 'integer', default: 1, description: 'Subnet id.' },
      ...CLIENT_OPTIONS,
    ];
    const resolved = resolveOptions(nodeOptions, ['--netuid', '7', '--manage.retries', '5'], {});
    const config = clientConfigFromOptions(resolved);
    expect(resolved.values.netuid).toBe(7);
    expect(config.retries).toBe(5);
    expect(Object.isFrozen(config)).toBe(true);
  });
});
