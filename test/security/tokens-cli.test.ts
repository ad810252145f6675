import { spawnSync } from 'node:child_process';
import { chmodSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TokenAuthenticator } from '../../src/security/token-authenticator.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { bearer } from './helpers.js';

const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));

interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI in a child process, as manage_tokens.sh does. */
function runCli(...args: string[]): CliRun {
  const env = { ...process.env };
  delete env.MANAGE_TOKEN_FILE;
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/tokens.ts', ...args], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
    env,
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

let temp: { dir: string; remove: () => void };
let file: string;

beforeEach(() => {
  temp = makeTempDir('tokens-cli');
  file = path.join(temp.dir, 'tokens.yaml');
});

afterEach(() => {
  temp.remove();
});

/** Content of every file in the temp directory, to search for leaked secrets. */
function everyFileText(): string {
  return readdirSync(temp.dir)
    .map((name) => readFileSync(path.join(temp.dir, name), 'utf8'))
    .join('\n');
}

function createMiner(id = 'miner-1'): string {
  const run = runCli(
    'create',
    '--file',
    file,
    '--id',
    id,
    '--operations',
    'serve_axon,sign',
    '--wallets',
    'miner',
    '--hotkeys',
    'miner/default',
    '--rpm',
    '120',
    '--netuids',
    '1,3',
  );
  expect(run.stderr).toMatch(new RegExp(`created token ${id}`));
  expect(run.status).toBe(0);
  const lines = run.stdout.split('\n').filter((line) => line.length > 0);
  expect(lines).toHaveLength(1);
  return lines[0]!;
}

describe('manage_tokens CLI', () => {
  it('creates a token whose secret authenticates', () => {
    const secret = createMiner();
    expect(secret).toMatch(/^mst_miner-1_[A-Za-z0-9_-]{43}$/);

    const identity = new TokenAuthenticator({ file }).authenticate(bearer(secret));
    expect(identity?.id).toBe('miner-1');
    expect(identity?.scope).toEqual({
      wallets: ['miner'],
      hotkeys: ['miner/default'],
      operations: ['serve_axon', 'sign'],
      coldkey: false,
      limits: { requestsPerMinute: 120, netuids: [1, 3] },
    });
  });

  it('writes the file with mode 0600 and no secret', () => {
    const first = createMiner('miner-1');
    const second = createMiner('miner-2');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(temp.dir)).toEqual(['tokens.yaml']);
    const text = everyFileText();
    expect(text).toContain('secret_hash: scrypt$32768$8$1$');
    expect(text).not.toContain(first);
    expect(text).not.toContain(second);
    expect(text).not.toContain(first.slice(-43));
  });

  it('lists tokens without hashes or secrets', () => {
    const secret = createMiner();
    const run = runCli('list', '--file', file);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^ID\s+STATUS\s+OPERATIONS/);
    expect(run.stdout).toMatch(
      /miner-1\s+active\s+serve_axon,sign\s+miner\s+miner\/default\s+no\s+120\/min netuids 1,3/,
    );
    expect(run.stdout).not.toContain(secret);
    expect(run.stdout).not.toContain(secret.slice(-43));
    expect(run.stdout).not.toContain('scrypt');
  });

  it('revokes a token so its secret fails', () => {
    const secret = createMiner();
    const authenticator = new TokenAuthenticator({ file });
    expect(authenticator.authenticate(bearer(secret))?.id).toBe('miner-1');

    const run = runCli('revoke', '--file', file, '--id', 'miner-1');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^revoked token miner-1 at \d{4}-/);
    expect(authenticator.reload()).toEqual({ ok: true, tokens: 1, active: 0 });
    expect(authenticator.authenticate(bearer(secret))).toBeUndefined();

    const list = runCli('list', '--file', file);
    expect(list.stdout).toMatch(/miner-1\s+revoked \d{4}-/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('keeps ids reserved after revocation', () => {
    createMiner();
    expect(runCli('revoke', '--file', file, '--id', 'miner-1').status).toBe(0);
    const run = runCli(
      'create',
      '--file',
      file,
      '--id',
      'miner-1',
      '--operations',
      'sign',
      '--wallets',
      'miner',
    );
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/token id miner-1 already exists/);
    expect(run.stdout).toBe('');
  });

  it('rejects a file others can read', () => {
    createMiner();
    chmodSync(file, 0o640);
    const run = runCli('list', '--file', file);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/has mode 0640, so group or others can access it; run chmod 600/);
    const allowed = runCli('list', '--file', file, '--allow-insecure-permissions');
    expect(allowed.status).toBe(0);
    expect(allowed.stdout).toContain('miner-1');
  });

  it('rejects invalid settings and leaves the file alone', () => {
    createMiner();
    const before = readFileSync(file, 'utf8');
    const run = runCli(
      'create',
      '--file',
      file,
      '--id',
      'x',
      '--operations',
      'fly',
      '--wallets',
      'miner',
    );
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/token x: field operations\[0\] "fly" is not an operation/);
    expect(run.stdout).toBe('');
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('names missing flags and commands', () => {
    expect(runCli('create', '--file', file).stderr).toMatch(/create needs --id/);
    expect(runCli('list').stderr).toMatch(/list needs --file/);
    expect(runCli('rotate', '--file', file).stderr).toMatch(
      /expected one command of create, list, revoke, got rotate/,
    );
    expect(runCli('revoke', '--file', file, '--id', 'ghost').stderr).toMatch(/does not exist/);
  });

  it('writes JSON for a .json file', () => {
    const jsonFile = path.join(temp.dir, 'tokens.json');
    const run = runCli(
      'create',
      '--file',
      jsonFile,
      '--id',
      'j',
      '--operations',
      'sign',
      '--wallets',
      '*',
      '--hotkeys',
      '*',
    );
    expect(run.status).toBe(0);
    const content = JSON.parse(readFileSync(jsonFile, 'utf8')) as { tokens: { id: string }[] };
    expect(content.tokens.map((token) => token.id)).toEqual(['j']);
    const identity = new TokenAuthenticator({ file: jsonFile }).authenticate(
      bearer(run.stdout.trim()),
    );
    expect(identity?.scope.wallets).toEqual(['*']);
  });
});
