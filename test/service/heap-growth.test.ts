import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { heapGrowthFlag } from '../../src/service/heap-growth.js';
import { loadServiceConfig } from '../../src/service/config.js';

describe('heapGrowthFlag', () => {
  it('sets the configured percent', () => {
    expect(heapGrowthFlag(30, [])).toBe('--heap-growing-percent=30');
    expect(heapGrowthFlag(50, ['--enable-source-maps'])).toBe('--heap-growing-percent=50');
  });

  it('keeps a command-line choice', () => {
    expect(heapGrowthFlag(30, ['--heap-growing-percent=100'])).toBeUndefined();
    expect(heapGrowthFlag(30, ['--heap_growing_percent=100'])).toBeUndefined();
  });

  it("leaves V8's factor at 0", () => {
    expect(heapGrowthFlag(0, [])).toBeUndefined();
  });
});

describe('--manage.heap_growing_percent', () => {
  const percentOf = (argv: string[], env: NodeJS.ProcessEnv = {}) =>
    loadServiceConfig(argv, env).config.heapGrowingPercent;

  it('defaults to 30', () => {
    expect(percentOf([])).toBe(30);
  });

  it('reads the flag and the variable', () => {
    expect(percentOf(['--manage.heap_growing_percent', '0'])).toBe(0);
    expect(percentOf([], { MANAGE_HEAP_GROWING_PERCENT: '75' })).toBe(75);
  });

  it('rejects a percent out of range', () => {
    expect(() => percentOf(['--manage.heap_growing_percent', '5'])).toThrow(
      /--manage.heap_growing_percent 5 is out of range; use 0 for V8's own factor or 10 to 1000/,
    );
    expect(() => percentOf(['--manage.heap_growing_percent', '1001'])).toThrow(/out of range/);
  });
});

/**
 * Script that keeps 400,000 objects alive and cycles others through a ring
 * long enough for scavenges to promote them, as with requests in flight
 * under load. It prints the largest old space it saw, in MiB.
 */
const CHURN = `
import { getHeapSpaceStatistics } from 'node:v8';
import { limitHeapGrowth } from ${JSON.stringify(path.resolve('src/service/heap-growth.ts'))};
if (process.argv[2] === 'limit') limitHeapGrowth(30);
const live = Array.from({ length: 400_000 }, (_, i) => ({ i, s: 'k' + i, t: [i] }));
const ring = new Array(100_000);
let largest = 0;
for (let i = 0; i < 2_000_000; i++) {
  ring[i % ring.length] = { a: i, b: 'x' + i, c: [i, i + 1, i + 2] };
  if (i % 20_000 === 0) {
    const old = getHeapSpaceStatistics().find((space) => space.space_name === 'old_space');
    largest = Math.max(largest, old.space_size);
  }
}
console.log(JSON.stringify({ live: live.length, largestOldMiB: largest / 2 ** 20 }));
`;

describe('limitHeapGrowth', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'heap-growth-'));
  const script = path.join(dir, 'churn.mts');
  writeFileSync(script, CHURN);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  // V8 sizes its heap limit from the machine's memory, and below about 2 GiB
  // the unlimited child collects early enough to look like the limited one.
  const largestOldMiB = (mode: string): number => {
    const output = execFileSync(
      process.execPath,
      ['--max-old-space-size=4096', '--import', 'tsx', script, mode],
      { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } },
    );
    return (JSON.parse(output) as { largestOldMiB: number }).largestOldMiB;
  };

  it('shrinks the old space under churn', () => {
    const unlimited = largestOldMiB('none');
    const limited = largestOldMiB('limit');
    // Measured here: about 250 MiB with V8's default and about 120 MiB with the limit.
    expect(limited).toBeLessThan(unlimited * 0.7);
  });
});
