import { hexToU8a, u8aToHex } from '@polkadot/util';
import { sr25519PairFromSeed, sr25519Verify } from '@polkadot/util-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeyNotFoundError, Keystore, KeyUnavailableError } from '../../src/keystore/index.js';
import {
  MAX_TASK_MESSAGES,
  SignPool,
  eventLoopBusy,
  taskSize,
} from '../../src/keystore/sign-pool.js';
import {
  OTHER_MNEMONICS,
  captureLogger,
  compactKeyfile,
  makeTempRoot,
  testKeyFromMnemonic,
  type TempRoot,
  type TestKey,
} from './helpers.js';

const key = testKeyFromMnemonic(OTHER_MNEMONICS[0]) as TestKey;
const publicKey = hexToU8a(key.publicKeyHex);

/** Distinct messages of varied length, so a signature in the wrong slot fails to verify. */
function makeMessages(count: number): Uint8Array[] {
  return Array.from({ length: count }, (_, index) =>
    new TextEncoder().encode(`message ${index} ${'x'.repeat(index % 7)}`),
  );
}

function expectAllVerify(messages: Uint8Array[], signatures: Uint8Array[], signer: Uint8Array) {
  expect(signatures).toHaveLength(messages.length);
  messages.forEach((message, index) => {
    expect(signatures[index]).toHaveLength(64);
    expect(sr25519Verify(message, signatures[index]!, signer)).toBe(true);
  });
}

describe('taskSize', () => {
  it('shares small batches between workers', () => {
    expect(taskSize(1, 2)).toBe(1);
    expect(taskSize(2, 2)).toBe(1);
    expect(taskSize(16, 2)).toBe(8);
    expect(taskSize(17, 2)).toBe(9);
  });

  it('caps tasks of large batches', () => {
    expect(taskSize(4096, 2)).toBe(MAX_TASK_MESSAGES);
    expect(taskSize(MAX_TASK_MESSAGES * 2, 2)).toBe(MAX_TASK_MESSAGES);
    expect(taskSize(10, 1)).toBe(10);
  });
});

describe('eventLoopBusy', () => {
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('reports a busy loop', async () => {
    eventLoopBusy();
    await sleep(20);
    const started = performance.now();
    while (performance.now() - started < 150) {
      // Keeps the event loop busy for the whole measuring window.
    }
    expect(eventLoopBusy()).toBe(true);
  });

  it('reports an idle loop', async () => {
    eventLoopBusy();
    await sleep(150);
    expect(eventLoopBusy()).toBe(false);
  });
});

describe('SignPool', () => {
  const seed = new Uint8Array(32).fill(9);
  const pair = sr25519PairFromSeed(seed);
  const pool = new SignPool(2);
  afterAll(() => pool.close());

  it('signs a batch across workers in order', async () => {
    const messages = makeMessages(100);
    const signatures = await pool.sign(pair, messages);
    expectAllVerify(messages, signatures, pair.publicKey);
    expect(sr25519Verify(messages[1]!, signatures[0]!, pair.publicKey)).toBe(false);
  });

  it('leaves the caller key intact', async () => {
    const before = u8aToHex(pair.secretKey);
    await pool.sign(pair, makeMessages(20));
    expect(u8aToHex(pair.secretKey)).toBe(before);
  });

  it('signs concurrent batches independently', async () => {
    const batches = [makeMessages(30), makeMessages(17), makeMessages(64)];
    const results = await Promise.all(batches.map((batch) => pool.sign(pair, batch)));
    batches.forEach((batch, index) => expectAllVerify(batch, results[index]!, pair.publicKey));
  });

  it('serves a small batch between tasks of a large one', async () => {
    const finished: string[] = [];
    const large = pool.sign(pair, makeMessages(2000)).then((signatures) => {
      finished.push('large');
      return signatures;
    });
    const small = pool.sign(pair, makeMessages(2)).then((signatures) => {
      finished.push('small');
      return signatures;
    });
    await Promise.all([large, small]);
    expect(finished).toEqual(['small', 'large']);
  });

  it('spreads single-message batches over the workers', async () => {
    await pool.sign(pair, makeMessages(100));
    const deadline = Date.now() + 10_000;
    while (pool.queuedMessages.includes(undefined) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(pool.queuedMessages).toEqual([0, 0]);

    const singles = Array.from({ length: 10 }, () => makeMessages(1));
    const signing = singles.map((messages) => pool.sign(pair, messages));

    expect(pool.queuedMessages).toEqual([5, 5]);
    const results = await Promise.all(signing);
    singles.forEach((messages, index) =>
      expectAllVerify(messages, results[index]!, pair.publicKey),
    );
  });

  it('signs with its own key copy', async () => {
    const copy = { publicKey: pair.publicKey, secretKey: new Uint8Array(pair.secretKey) };
    const messages = makeMessages(200);
    const signing = pool.sign(copy, messages);
    copy.secretKey.fill(0);
    expectAllVerify(messages, await signing, pair.publicKey);
  });

  it('returns no signatures for no messages', async () => {
    expect(await pool.sign(pair, [])).toEqual([]);
  });

  it('rejects batches after close', async () => {
    const closing = new SignPool(2);
    await closing.sign(pair, makeMessages(20));
    const pending = closing.sign(pair, makeMessages(2000));
    closing.close();
    await expect(pending).rejects.toMatchObject({ reason: 'KEYSTORE_UNLOADED' });
    await expect(closing.sign(pair, makeMessages(20))).rejects.toBeInstanceOf(KeyUnavailableError);
  });

  it('reports ready after warm-up', async () => {
    const warming = new SignPool(1);
    try {
      expect(warming.warmUp()).toBe(false);
      const deadline = Date.now() + 10_000;
      while (!warming.warmUp() && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(warming.warmUp()).toBe(true);
    } finally {
      warming.close();
    }
    expect(warming.warmUp()).toBe(false);
  });

  it('rejects an invalid size', () => {
    expect(() => new SignPool(0)).toThrow(/Sign pool size 0 is invalid/);
  });
});

describe('Keystore.signBatch', () => {
  let tree: TempRoot;
  let keystore: Keystore;

  beforeAll(async () => {
    tree = makeTempRoot();
    tree.write('w/hotkeys/default', compactKeyfile(key, ['seedHex']));
    keystore = await Keystore.load({ root: tree.root, logger: captureLogger().logger, env: {} });
  });

  afterAll(() => {
    keystore.unload();
    tree.cleanup();
  });

  it('signs a large batch before and after warm-up', async () => {
    const messages = makeMessages(64);
    expectAllVerify(messages, await keystore.signBatch('w', 'default', messages), publicKey);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expectAllVerify(messages, await keystore.signBatch('w', 'default', messages), publicKey);
  });

  it('signs one message', async () => {
    const messages = makeMessages(1);
    const signatures = await keystore.signBatch('w', 'default', messages);
    expectAllVerify(messages, signatures, publicKey);
  });

  it('matches the single-message signer key', async () => {
    const [message] = makeMessages(1);
    const signature = keystore.hotkey('w', 'default').sign(message!);
    expect(sr25519Verify(message!, signature, publicKey)).toBe(true);
  });

  it('throws for an unknown hotkey', () => {
    expect(() => keystore.signBatch('w', 'missing', makeMessages(1))).toThrow(KeyNotFoundError);
  });

  it('throws after unload without secrets', async () => {
    const local = makeTempRoot();
    try {
      local.write('w/hotkeys/default', compactKeyfile(key, ['seedHex']));
      const unloading = await Keystore.load({
        root: local.root,
        logger: captureLogger().logger,
        env: {},
      });
      unloading.unload();
      let error: unknown;
      try {
        unloading.signBatch('w', 'default', makeMessages(40));
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(KeyUnavailableError);
      expect((error as KeyUnavailableError).reason).toBe('KEYSTORE_UNLOADED');
      expect(String((error as Error).message)).not.toContain(key.seedHex!.slice(2, 18));
    } finally {
      local.cleanup();
    }
  });
});
