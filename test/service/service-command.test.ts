import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnService } from '../helpers/service-process.js';

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
    const args = [
      '--manage.port',
      '0',
      '--wallet.path',
      path.join(dir, 'wallets'),
      '--audit.db',
      path.join(dir, `audit-${randomUUID()}.sqlite`),
    ];
    const environment = { ...env, FLAG_LOG: log, MANAGE_SERVICE_TOKEN: randomUUID() };
    const service = await spawnService(args, environment, 60_000, [
      ...nodeArgs,
      '--require',
      preload,
    ]);

    await service.kill('SIGINT');
    expect(service.child.exitCode, service.output()).toBe(0);
    const flags = readFileSync(log, 'utf8').split('\n').filter(Boolean);
    return { flags, output: service.output() };
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
