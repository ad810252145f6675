import { describe, expect, it } from 'vitest';
import { revealWindow, windowPosition } from '../../src/commits/index.js';

/** Blocks whose epoch is the commit's epoch plus the reveal period, found by scanning. */
function scanWindow(netuid: number, tempo: number, period: number, commitBlock: number) {
  const epoch = (block: number) => Math.floor((block + netuid + 1) / (tempo + 1));
  const target = epoch(commitBlock) + period;
  const blocks: number[] = [];
  for (let block = commitBlock; block < commitBlock + (period + 2) * (tempo + 1); block += 1) {
    if (epoch(block) === target) {
      blocks.push(block);
    }
  }
  return { first: blocks[0], last: blocks.at(-1), count: blocks.length };
}

describe('reveal window', () => {
  it.each([
    [2, 10, 1, 100],
    [2, 10, 1, 107],
    [2, 10, 1, 106],
    [1, 360, 1, 6_000_000],
    [7, 99, 3, 12_345],
    [0, 0, 1, 50],
  ])('netuid %i tempo %i period %i commit %i matches a scan', (netuid, tempo, period, block) => {
    const window = revealWindow({ netuid, tempo, revealPeriodEpochs: period, commitBlock: block });
    const scan = scanWindow(netuid, tempo, period, block);
    expect(window.firstRevealBlock).toBe(scan.first);
    expect(window.lastRevealBlock).toBe(scan.last);
    expect(scan.count).toBe(tempo + 1);
  });

  it('places the inclusion block', () => {
    const window = { firstRevealBlock: 107, lastRevealBlock: 117 };
    expect(windowPosition(window, 105)).toBe('early');
    expect(windowPosition(window, 106)).toBe('open');
    expect(windowPosition(window, 116)).toBe('open');
    expect(windowPosition(window, 117)).toBe('passed');
  });
});
