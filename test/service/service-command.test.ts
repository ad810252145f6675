import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/** Preload that records every V8 flag the service sets, one per line, in $FLAG_LOG. */
const RECORD_FLAGS = `
const v8 = require('node:v8');
const { appendFileSync } = require('node:fs');
const original = v8.setFlagsFromString;
v8.setFlagsFromString = (flags) => {
  appendFileSync(process.env.FLAG_LOG, flags + '\\n');
  return original(flags);
};
`;

describe('the service command', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'service-command-'));
  const preload = path.join(dir, 'record-flags.cjs');
  writeFileSync(preload, RECORD_FLAGS);
  mkdirSync(path.join(dir, 'wallets'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Starts the service until it listens, stops it, and returns its output and the V8 flags it set. */
  const runService = async (
    nodeArgs: string[],
    env: NodeJS.ProcessEnv,
  ): Promise<{ flags: string[]; output: string }> => {
    const log = path.join(dir, `flags-${randomUUID()}.txt`);
    writeFileSync(log, '');

    const child = spawn(
      process.execPath,
      [
        ...nodeArgs,
        '--require',
        preload,
        '--import',
        'tsx',
        'src/service/cli.ts',
        '--manage.port',
        '0',
        '--wallet.path',
        path.join(dir, 'wallets'),
        '--audit.db',
        path.join(dir, `audit-${randomUUID()}.sqlite`),
      ],
      {
        env: { ...process.env, ...env, FLAG_LOG: log, MANAGE_SERVICE_TOKEN: randomUUID() },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );

    const exited = once(child, 'exit');
    let output = '';
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    // Reading on after the listening line keeps the pipe open for the shutdown lines.
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('"url":"http')) {
          resolve();
        }
      });
      void exited.then(() => resolve());
    });

    child.kill('SIGINT');
    const [code] = await exited;
    expect(code, output).toBe(0);
    return { flags: readFileSync(log, 'utf8').split('\n').filter(Boolean), output };
  };
  const flagsSetBy = async (nodeArgs: string[], env: NodeJS.ProcessEnv) =>
    (await runService(nodeArgs, env)).flags;

  it('sets the default growth', async () => {
    expect(await flagsSetBy([], {})).toEqual(['--heap-growing-percent=30']);
  });

  it('sets the configured growth', async () => {
    expect(await flagsSetBy([], { MANAGE_HEAP_GROWING_PERCENT: '75' })).toEqual([
      '--heap-growing-percent=75',
    ]);
  });

  it('sets nothing at 0', async () => {
    expect(await flagsSetBy([], { MANAGE_HEAP_GROWING_PERCENT: '0' })).toEqual([]);
  });

  it('prints no deprecation warning', async () => {
    const { output } = await runService([], {});
    expect(output).not.toMatch(/DeprecationWarning|FSTDEP/);
  });

  it('leaves a node flag alone', async () => {
    expect(await flagsSetBy(['--heap_growing_percent=50'], {})).toEqual([]);
  });
});
