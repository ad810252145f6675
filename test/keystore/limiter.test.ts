import { describe, expect, it } from 'vitest';
import { DerivationPool } from '../../src/keystore/derivation-pool.js';
import { createLimiter } from '../../src/keystore/limiter.js';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => {};
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

describe('createLimiter', () => {
  it('runs at most the limit at once', async () => {
    const limit = createLimiter(2);
    let running = 0;
    let peak = 0;
    const gates = Array.from({ length: 5 }, () => deferred());
    const tasks = gates.map((gate) =>
      limit(async () => {
        running++;
        peak = Math.max(peak, running);
        await gate.promise;
        running--;
      }),
    );

    await Promise.resolve();
    expect(running).toBe(2);
    for (const gate of gates) {
      gate.resolve();
      await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all(tasks);
    expect(peak).toBe(2);
  });

  it('keeps the limit when a call arrives during a hand-over', async () => {
    const limit = createLimiter(1);
    let running = 0;
    let peak = 0;
    const task = async () => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setImmediate(resolve));
      running--;
    };
    const first = limit(task);
    const second = limit(task);
    await first;
    const third = limit(task);
    await Promise.all([second, third]);
    expect(peak).toBe(1);
  });

  it('releases the slot after a failure', async () => {
    const limit = createLimiter(1);
    await expect(limit(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(limit(() => Promise.resolve(7))).resolves.toBe(7);
  });

  it('rejects a zero limit', () => {
    expect(() => createLimiter(0)).toThrow(RangeError);
  });
});

describe('DerivationPool', () => {
  // Argon2i with the $NACL parameters takes seconds per call, so these tests
  // count calls with a fast stand-in. nacl.test.ts checks the real derivation
  // against its vector.
  it('derives each distinct password once', async () => {
    const calls: string[] = [];
    const pool = new DerivationPool(2, async (password) => {
      calls.push(new TextDecoder().decode(password));
      return new Uint8Array(32).fill(password.length);
    });
    const encode = (value: string) => new TextEncoder().encode(value);

    const keys = await Promise.all([
      pool.derive(encode('alpha')),
      pool.derive(encode('alpha')),
      pool.derive(encode('beta-longer')),
    ]);
    expect(calls.sort()).toEqual(['alpha', 'beta-longer']);
    expect(keys[0]).toBe(keys[1]);

    await pool.wipe();
    expect(keys.every((key) => key.every((byte) => byte === 0))).toBe(true);
  });

  it('keeps its own copy of the password', async () => {
    let seen = '';
    const pool = new DerivationPool(1, async (password) => {
      seen = new TextDecoder().decode(password);
      return new Uint8Array(32);
    });
    const password = new TextEncoder().encode('gamma');
    const key = pool.derive(password);
    password.fill(0);
    await key;
    expect(seen).toBe('gamma');
  });
});
