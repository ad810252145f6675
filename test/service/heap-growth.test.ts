import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HEAP_GROWING_PERCENT, heapGrowthFlag } from '../../src/service/heap-growth.js';

describe('heapGrowthFlag', () => {
  it('sets the default without a choice', () => {
    expect(heapGrowthFlag([])).toBe(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
    expect(heapGrowthFlag(['--enable-source-maps'])).toBe(
      `--heap-growing-percent=${HEAP_GROWING_PERCENT}`,
    );
  });

  it('keeps the operator choice', () => {
    expect(heapGrowthFlag(['--heap-growing-percent=100'])).toBeUndefined();
    expect(heapGrowthFlag(['--heap-growing-percent', '100'])).toBeUndefined();
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
if (process.argv[2] === 'limit') limitHeapGrowth();
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

  const largestOldMiB = (mode: string): number => {
    const output = execFileSync(process.execPath, ['--import', 'tsx', script, mode], {
      encoding: 'utf8',
    });
    return (JSON.parse(output) as { largestOldMiB: number }).largestOldMiB;
  };

  it('shrinks the old space under churn', () => {
    const unlimited = largestOldMiB('none');
    const limited = largestOldMiB('limit');
    // Measured here: about 250 MiB with V8's default and about 120 MiB with the limit.
    expect(limited).toBeLessThan(unlimited * 0.7);
  });
});
