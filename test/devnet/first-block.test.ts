import { WsProvider } from '@polkadot/api';
import { afterAll, afterEach, expect, it, vi } from 'vitest';
import { startChopsticks, stopChopsticksWorker } from '../../src/devnet/chopsticks.js';
import { sharedChainFile } from '../helpers/shared-files.js';

/** Longer than one Aura slot of the runtime (12 s), so every clock read lands in a new slot. */
const CLOCK_STEP_MS = 13_000;

afterEach(() => {
  vi.restoreAllMocks();
});

afterAll(async () => {
  await stopChopsticksWorker();
});

/**
 * Makes every read of the wall clock move one slot on while `jumping()`
 * returns true: the worst case of a slot boundary between two reads.
 */
function jumpingClock(jumping: () => boolean): void {
  const realNow = Date.now.bind(Date);
  let clock = realNow();
  vi.spyOn(Date, 'now').mockImplementation(() =>
    jumping() ? (clock += CLOCK_STEP_MS) : realNow(),
  );
}

async function headNumber(endpoint: string): Promise<number> {
  const provider = new WsProvider(endpoint, false);
  try {
    await provider.connect();
    await provider.isReady;
    const header = await provider.send<{ number: string }>('chain_getHeader', []);
    return Number(header.number);
  } finally {
    await provider.disconnect();
  }
}

function start(extra: { attempts?: number; onRetry?: (attempt: number) => void } = {}) {
  return startChopsticks({
    chainSpec: sharedChainFile('subtensor-testfinney-genesis.raw.json'),
    host: '127.0.0.1',
    port: 0,
    storage: {},
    // These starts fail on purpose, so chopsticks' error lines are hidden.
    logLevel: 'fatal',
    ...extra,
  });
}

it('restarts after a failed first block', async () => {
  let jumping = true;
  jumpingClock(() => jumping);
  const retries: number[] = [];
  const node = await start({
    onRetry: (attempt) => {
      retries.push(attempt);
      jumping = false;
    },
  });
  try {
    expect(retries).toEqual([1]);
    expect(await headNumber(node.endpoint)).toBe(1);
  } finally {
    await node.close();
  }
});

it('fails after the attempt limit', async () => {
  jumpingClock(() => true);
  await expect(start({ attempts: 2 })).rejects.toThrow(/failed to build block 1 .* in 2 starts/);
});
