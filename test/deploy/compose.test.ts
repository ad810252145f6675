import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { OptionSpec } from '../../src/config/options.js';
import { MINER_OPTIONS, VALIDATOR_OPTIONS } from '../../src/neuron/options.js';
import { SERVICE_OPTIONS } from '../../src/service/options.js';

interface ComposeService {
  command?: string[];
  environment?: Record<string, string | number> | string[];
  volumes?: (string | { type?: string; source?: string; target?: string; read_only?: boolean })[];
  ports?: string[];
  networks?: string[] | Record<string, unknown>;
  depends_on?: Record<string, { condition?: string }>;
  healthcheck?: { test?: string[]; disable?: boolean };
  restart?: string;
  read_only?: boolean;
  user?: string;
}

interface ComposeFile {
  services: Record<string, ComposeService>;
  networks?: Record<string, { internal?: boolean } | null>;
  volumes?: Record<string, unknown>;
}

const compose = parse(readFileSync('docker-compose.yml', 'utf8')) as ComposeFile;
const dockerfile = readFileSync('Dockerfile', 'utf8');
const walletTarget = '/home/node/.bittensor/wallets';
const nodeNames = ['miner', 'validator'] as const;

function service(name: string): ComposeService {
  const found = compose.services[name];
  if (found === undefined) {
    throw new Error(`docker-compose.yml has no service ${name}`);
  }
  return found;
}

/** Compose accepts `environment` as a map or as a list of NAME=value. */
function environmentOf(name: string): Record<string, string> {
  const environment = service(name).environment ?? {};
  if (Array.isArray(environment)) {
    return Object.fromEntries(
      environment.map((entry) => {
        const split = entry.indexOf('=');
        return split < 0 ? [entry, ''] : [entry.slice(0, split), entry.slice(split + 1)];
      }),
    );
  }
  return Object.fromEntries(
    Object.entries(environment).map(([key, value]) => [key, String(value)]),
  );
}

/** Bind and volume mounts as source, target and read-only flag, from short or long syntax. */
function mountsOf(name: string): { source: string; target: string; readOnly: boolean }[] {
  return (service(name).volumes ?? []).map((volume) => {
    if (typeof volume !== 'string') {
      return {
        source: volume.source ?? '',
        target: volume.target ?? '',
        readOnly: volume.read_only === true,
      };
    }
    // Short syntax is SOURCE:TARGET[:MODE], and SOURCE may contain `:-` inside ${...}.
    const parts = volume.match(/^(\$\{[^}]*\}[^:]*|[^:]*):([^:]+)(?::(.+))?$/);
    if (parts === null) {
      throw new Error(`invalid volume entry ${volume}; expected SOURCE:TARGET[:MODE]`);
    }
    const mode = parts[3] ?? 'rw';
    return { source: parts[1]!, target: parts[2]!, readOnly: mode.split(',').includes('ro') };
  });
}

function networksOf(name: string): string[] {
  const networks = service(name).networks ?? [];
  return Array.isArray(networks) ? networks : Object.keys(networks);
}

/** Returns the runtime stage: everything after the last FROM line. */
function lastStage(): string {
  const start = dockerfile.lastIndexOf('\nFROM ');
  return dockerfile.slice(start);
}

describe('docker-compose.yml', () => {
  it('defines the three services', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['manage-service', 'miner', 'validator']);
  });

  it('starts each service from its compiled entry point', () => {
    const expected: Record<string, string> = {
      'manage-service': 'dist/service/cli.js',
      miner: 'dist/neuron/miner/cli.js',
      validator: 'dist/neuron/validator/cli.js',
    };
    for (const [name, entry] of Object.entries(expected)) {
      expect(service(name).command, name).toEqual(['node', entry]);
    }
  });

  it('runs commands compiled from existing sources', () => {
    const build = JSON.parse(readFileSync('tsconfig.build.json', 'utf8')) as {
      compilerOptions: { outDir: string; rootDir: string };
    };
    const { outDir, rootDir } = build.compilerOptions;
    for (const name of Object.keys(compose.services)) {
      const entry = service(name).command?.[1] ?? '';
      expect(entry.startsWith(`${outDir}/`), `${name} runs ${entry}`).toBe(true);
      const source = `${rootDir}/${entry.slice(outDir.length + 1).replace(/\.js$/, '.ts')}`;
      expect(existsSync(source), `${name} needs ${source}`).toBe(true);
    }
  });

  it('gives the manage service its variables', () => {
    const environment = environmentOf('manage-service');
    expect(environment.MANAGE_SERVICE_HOST).toBe('0.0.0.0');
    expect(environment.BT_WALLET_PATH).toBe(walletTarget);
    expect(environment.MANAGE_AUDIT_DB).toMatch(/^\/home\/node\/\.bittensor\/manage-service\//);
    expect(environment.network).toMatch(/^\$\{network/);
    expect(environment.chain_endpoint).toMatch(/^\$\{chain_endpoint/);
  });

  it.each([
    ['manage-service', SERVICE_OPTIONS],
    ['miner', MINER_OPTIONS],
    ['validator', VALIDATOR_OPTIONS],
  ] as const)('passes %s only variables it reads', (name, options: readonly OptionSpec[]) => {
    // The service reads MANAGE_SERVICE_TOKEN outside its option table, and
    // every program reads LOG_LEVEL directly.
    const known = new Set(['MANAGE_SERVICE_TOKEN', 'LOG_LEVEL']);
    for (const option of options) {
      for (const variable of option.env ?? []) {
        known.add(variable);
      }
    }
    for (const variable of Object.keys(environmentOf(name))) {
      expect(known.has(variable), `${name} does not read ${variable}`).toBe(true);
    }
  });

  it.each(nodeNames)('gives the %s the node variables', (name) => {
    const environment = environmentOf(name);
    expect(environment.MANAGE_SERVICE_URL).toBe('http://manage-service:8000');
    expect(environment.network).toMatch(/^\$\{network/);
    expect(environment.netuid).toMatch(/^\$\{netuid/);
    expect(environment.chain_endpoint).toMatch(/^\$\{chain_endpoint/);
    expect(environment.BT_WALLET_NAME).toMatch(/^\$\{[A-Z_]+:-[\w-]+\}$/);
    expect(environment.BT_WALLET_HOTKEY).toMatch(/^\$\{[A-Z_]+:-[\w-]+\}$/);
    expect(environment).toHaveProperty('MANAGE_SERVICE_TOKEN');
  });

  it('publishes a required external axon address', () => {
    const environment = environmentOf('miner');
    expect(environment.AXON_EXTERNAL_IP).toMatch(/^\$\{AXON_EXTERNAL_IP:\?[^}]+\}$/);
    expect(environment.AXON_EXTERNAL_PORT).toBe('${AXON_PORT:-8091}');
    expect(service('miner').ports).toContain('${AXON_PORT:-8091}:8091');
    expect(environmentOf('validator')).not.toHaveProperty('AXON_EXTERNAL_IP');
  });

  it('takes every token from the environment', () => {
    for (const name of Object.keys(compose.services)) {
      const token = environmentOf(name).MANAGE_SERVICE_TOKEN;
      // `:?` makes Compose stop with an error when the variable is unset or empty.
      expect(token, name).toMatch(/^\$\{MANAGE_SERVICE_TOKEN:\?[^}]+\}$/);
    }
    expect(readFileSync('docker-compose.yml', 'utf8')).not.toContain('default-token');
  });

  it('mounts wallets read-only into the manage service', () => {
    const walletMounts = mountsOf('manage-service').filter((m) => m.target === walletTarget);
    expect(walletMounts).toHaveLength(1);
    expect(walletMounts[0]!.readOnly).toBe(true);
    expect(walletMounts[0]!.source).toContain('BT_WALLET_PATH');
  });

  it.each(nodeNames)('gives the %s no wallet mount', (name) => {
    for (const mount of mountsOf(name)) {
      const covers = walletTarget.startsWith(mount.target) || mount.target.startsWith(walletTarget);
      expect(covers, `${name} mounts ${mount.target}`).toBe(false);
      expect(mount.source, name).not.toMatch(/wallet/i);
    }
    expect(environmentOf(name)).not.toHaveProperty('BT_WALLET_PATH');
    expect(environmentOf(name)).not.toHaveProperty('MANAGE_WALLET_PASSWORD_FILE');
  });

  it.each([
    ['manage-service', 'MANAGE_AUDIT_DB'],
    ['validator', 'NEURON_STATE_PATH'],
  ])('keeps %s data in a named volume', (name, variable) => {
    const file = environmentOf(name)[variable] ?? '';
    const folder = file.slice(0, file.lastIndexOf('/'));
    const mount = mountsOf(name).find((m) => m.target === folder);
    expect(mount, `no volume on ${folder}`).toBeDefined();
    expect(mount!.readOnly).toBe(false);
    expect(compose.volumes ?? {}).toHaveProperty(mount!.source);
  });

  it('joins all services to one internal network', () => {
    const shared = networksOf('manage-service').filter((network) =>
      nodeNames.every((name) => networksOf(name).includes(network)),
    );
    const internal = shared.filter((network) => compose.networks?.[network]?.internal === true);
    expect(internal.length, 'no internal network shared by all three').toBeGreaterThan(0);
  });

  it.each(nodeNames)('shares only internal networks with %s', (name) => {
    const shared = networksOf('manage-service').filter((network) =>
      networksOf(name).includes(network),
    );
    for (const network of shared) {
      expect(compose.networks?.[network]?.internal, network).toBe(true);
    }
  });

  it('publishes the manage service on loopback only', () => {
    for (const port of service('manage-service').ports ?? []) {
      expect(port.startsWith('127.0.0.1:'), port).toBe(true);
    }
    expect(service('validator').ports ?? []).toEqual([]);
  });

  it('publishes the miner axon port', () => {
    const ports = service('miner').ports ?? [];
    expect(ports.some((port) => port.endsWith(':8091'))).toBe(true);
  });

  it.each(nodeNames)('starts the %s after a healthy manage service', (name) => {
    expect(service(name).depends_on?.['manage-service']?.condition).toBe('service_healthy');
  });

  it('checks manage service health on /health', () => {
    const test = service('manage-service').healthcheck?.test ?? [];
    expect(test[0]).toBe('CMD');
    expect(test.join(' ')).toContain('/health');
  });

  it.each(Object.keys(compose.services))('hardens %s', (name) => {
    const entry = service(name);
    expect(entry.read_only, 'read_only').toBe(true);
    expect(entry.restart, 'restart').toBeDefined();
    expect(entry.user ?? 'node', 'user').not.toMatch(/^(root|0)(:|$)/);
  });
});

/** `docker compose` (v2 plugin) or `docker-compose` (v1), whichever this machine has. */
function findComposeCommand(): string[] | undefined {
  const candidates = [['docker', 'compose'], ['docker-compose']];
  return candidates.find(([program, ...args]) => {
    const result = spawnSync(program!, [...args, 'version'], { encoding: 'utf8' });
    return result.status === 0;
  });
}

/**
 * Runs `compose config` with only the given variables set: an empty env file
 * hides any .env in the checkout, and nothing is inherited but PATH and HOME.
 */
function runComposeConfig(command: string[], variables: Record<string, string>) {
  const [program, ...args] = command;
  const folder = mkdtempSync(path.join(os.tmpdir(), 'compose-test-'));
  const envFile = path.join(folder, 'empty.env');
  writeFileSync(envFile, '');
  try {
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, ...variables };
    return spawnSync(program!, [...args, '--env-file', envFile, 'config'], {
      encoding: 'utf8',
      env,
    });
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

const composeCommand = findComposeCommand();
const requiredVariables = {
  MANAGE_SERVICE_TOKEN: 'compose-test-token',
  network: 'test',
  netuid: '7',
  AXON_EXTERNAL_IP: '203.0.113.5',
};

// Compose is not a project dependency; without it these checks cannot run.
describe.skipIf(composeCommand === undefined)('compose config', () => {
  it('accepts the file with the required variables', () => {
    const result = runComposeConfig(composeCommand!, requiredVariables);
    expect(result.stderr).not.toMatch(/error/i);
    expect(result.status).toBe(0);
    const resolved = parse(result.stdout) as ComposeFile;
    for (const name of ['manage-service', 'miner', 'validator']) {
      const environment = resolved.services[name]?.environment as Record<string, string>;
      expect(environment.MANAGE_SERVICE_TOKEN, name).toBe('compose-test-token');
    }
  });

  it.each(Object.keys(requiredVariables))('rejects a missing %s', (variable) => {
    const variables: Record<string, string> = { ...requiredVariables };
    delete variables[variable];
    const result = runComposeConfig(composeCommand!, variables);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain(variable);
  });
});

describe('Dockerfile', () => {
  it('builds in more than one stage', () => {
    const stages = dockerfile.match(/^FROM /gm) ?? [];
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(dockerfile).toMatch(/^RUN npm ci$/m);
    expect(dockerfile).toMatch(/npm run build/);
    expect(lastStage()).toMatch(/COPY --from=build /);
  });

  it('runs the last stage as a non-root user', () => {
    const users = [...lastStage().matchAll(/^USER (\S+)/gm)].map((match) => match[1]);
    expect(users.length).toBeGreaterThan(0);
    expect(users.at(-1)).not.toMatch(/^(root|0)(:|$)/);
  });

  it('keeps dev tools out of the runtime stage', () => {
    expect(lastStage()).not.toMatch(/g\+\+|python3|build-essential/);
    expect(dockerfile).toMatch(/npm prune --omit=dev/);
  });

  it('copies no wallet or secret into the image', () => {
    const copies = dockerfile.match(/^(COPY|ADD) .*$/gm) ?? [];
    expect(copies.length).toBeGreaterThan(0);
    for (const line of copies) {
      expect(line).not.toMatch(/wallet|bittensor|coldkey|hotkey|\.env|secret|password|token/i);
      expect(line, 'copies the whole build context').not.toMatch(/^(COPY|ADD) \. /);
    }
    expect(dockerfile).not.toMatch(/^(ENV|ARG) .*(TOKEN|PASSWORD|SECRET)/m);
  });

  it('exposes 8000 with a node health check', () => {
    expect(dockerfile).toMatch(/^EXPOSE 8000$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK .*\n?.*CMD \["node", .*\/health/m);
  });
});

describe('.dockerignore', () => {
  const lines = readFileSync('.dockerignore', 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));

  it('excludes everything not allowed', () => {
    expect(lines[0]).toBe('*');
  });

  it('allows back no wallet or secret', () => {
    for (const line of lines.filter((entry) => entry.startsWith('!'))) {
      expect(line).not.toMatch(/wallet|bittensor|\.env|sqlite|node_modules|dist/i);
    }
  });
});

describe('start scripts', () => {
  const entries: Record<string, string> = {
    'scripts/start_manage.sh': 'src/service/cli.ts',
    'scripts/start_devnet.sh': 'src/devnet/cli.ts',
    'scripts/start_miner.sh': 'src/neuron/miner/cli.ts',
    'scripts/start_validator.sh': 'src/neuron/validator/cli.ts',
  };

  it.each(Object.entries(entries))('%s is executable', (script) => {
    expect(statSync(script).mode & 0o111).toBe(0o111);
  });

  it.each(Object.entries(entries))('%s execs %s', (script, entry) => {
    const text = readFileSync(script, 'utf8');
    const execLines = text.split('\n').filter((line) => line.startsWith('exec '));
    expect(execLines).toHaveLength(1);
    expect(execLines[0]).toContain(' --import ');
    expect(execLines[0]).toContain(`"$root/${entry}" "$@"`);
    expect(text).toMatch(/^set -euo pipefail$/m);
  });

  it.each(Object.keys(entries))('%s parses as bash', (script) => {
    const result = spawnSync('bash', ['-n', script], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});
