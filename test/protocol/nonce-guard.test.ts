import { describe, expect, it } from 'vitest';

import { createNonceSource, NonceGuard } from '../../src/protocol/nonce-guard.js';
import { createUuidV1 } from '../../src/protocol/uuid-v1.js';

const SECOND = 1_000_000_000n;
const NOW = 1_700_000_000n * SECOND;
const HOTKEY = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY';
const UUID = '6ba7b810-9dad-11d1-80b4-00c04fd430c8';

function guardAt(now: bigint, maxTimeoutSeconds?: number): NonceGuard {
  return new NonceGuard({ clock: () => now, maxTimeoutSeconds });
}

describe('NonceGuard first nonce', () => {
  it('accepts a nonce inside the window', () => {
    // Window start: now - 4 s - 12 s; a nonce 15 s old is inside it.
    const guard = guardAt(NOW);

    expect(guard.check(HOTKEY, UUID, NOW - 15n * SECOND, 12).ok).toBe(true);
  });

  it('rejects a nonce at the window start', () => {
    // now - 4 s - 12 s exactly is "not newer than" the window start.
    const guard = guardAt(NOW);

    expect(guard.check(HOTKEY, UUID, NOW - 16n * SECOND, 12).ok).toBe(false);
    expect(guard.check(HOTKEY, UUID, NOW - 16n * SECOND + 1n, 12).ok).toBe(true);
  });

  it('uses 4 s without a timeout', () => {
    const guard = guardAt(NOW);

    expect(guard.check(HOTKEY, UUID, NOW - 4n * SECOND, undefined).ok).toBe(false);
    expect(guard.check(HOTKEY, UUID, NOW - 4n * SECOND + 1n, undefined).ok).toBe(true);
  });

  it('caps the timeout at maxTimeoutSeconds', () => {
    // timeout 1000 s, cap 60 s: the window starts at now - 64 s, not now - 1004 s.
    const guard = guardAt(NOW, 60);

    expect(guard.check(HOTKEY, UUID, NOW - 64n * SECOND, 1000).ok).toBe(false);
    expect(guard.check(HOTKEY, UUID, NOW - 63n * SECOND, 1000).ok).toBe(true);
    expect(guard.check(HOTKEY, UUID, NOW - 63n * SECOND, Infinity).ok).toBe(true);
  });

  it('accepts a nonce from the future', () => {
    // The SDK has no upper bound; a clock ahead of the axon's still passes.
    const guard = guardAt(NOW);

    expect(guard.check(HOTKEY, UUID, NOW + 60n * SECOND, 12).ok).toBe(true);
  });
});

describe('NonceGuard later nonces', () => {
  it('rejects a replayed nonce', () => {
    const guard = guardAt(NOW);
    guard.record(HOTKEY, UUID, NOW - SECOND);

    const check = guard.check(HOTKEY, UUID, NOW - SECOND, 12);

    expect(check.ok).toBe(false);
  });

  it('requires strictly increasing nonces', () => {
    const guard = guardAt(NOW);
    guard.record(HOTKEY, UUID, NOW);

    expect(guard.check(HOTKEY, UUID, NOW - 1n, 12).ok).toBe(false);
    expect(guard.check(HOTKEY, UUID, NOW + 1n, 12).ok).toBe(true);
  });

  it('keeps keys apart by uuid', () => {
    const guard = guardAt(NOW);
    guard.record(HOTKEY, UUID, NOW);

    expect(guard.check(HOTKEY, 'another-uuid', NOW, 12).ok).toBe(true);
  });

  it('prunes keys older than the widest window', () => {
    // Cap 10 s: a key whose last nonce is 14 s old or more can be dropped.
    let now = NOW;
    const guard = new NonceGuard({ clock: () => now, maxTimeoutSeconds: 10 });
    guard.record(HOTKEY, 'old', NOW - 20n * SECOND);
    guard.record(HOTKEY, 'fresh', NOW - SECOND);

    guard.prune();

    expect(guard.size).toBe(1);
    // The pruned key's old nonce still fails, now through the first-nonce window.
    now = NOW + SECOND;
    expect(guard.check(HOTKEY, 'old', NOW - 20n * SECOND, 1000).ok).toBe(false);
  });
});

describe('createNonceSource', () => {
  it('increases when the clock stands still', () => {
    const next = createNonceSource(() => NOW);

    expect([next(), next(), next()]).toEqual([NOW, NOW + 1n, NOW + 2n]);
  });

  it('follows the clock when it moves on', () => {
    let now = NOW;
    const next = createNonceSource(() => now);
    next();
    now = NOW + SECOND;

    expect(next()).toBe(NOW + SECOND);
  });
});

describe('createUuidV1', () => {
  it('encodes the time as a version 1 UUID', () => {
    // 1700000000000 ms in 100 ns units since 1582-10-15: ms * 10000 plus
    // 122192928000000000 (0x01b21dd213814000), the 100 ns units from 1582-10-15 to 1970.
    const ticks = 1_700_000_000_000n * 10_000n + 122_192_928_000_000_000n;
    const random = Uint8Array.of(0x12, 0x34, 0x02, 0x00, 0x00, 0x00, 0x00, 0x05);

    const uuid = createUuidV1(1_700_000_000_000, random);

    const [low, mid, high, clock, node] = uuid.split('-') as [
      string,
      string,
      string,
      string,
      string,
    ];
    expect(BigInt(`0x${low}`)).toBe(ticks & 0xffffffffn);
    expect(BigInt(`0x${mid}`)).toBe((ticks >> 32n) & 0xffffn);
    expect(high[0]).toBe('1');
    expect(BigInt(`0x${high.slice(1)}`)).toBe(ticks >> 48n);
    // Variant bits 10 over the 14-bit clock sequence 0x1234.
    expect(clock).toBe('9234');
    // Multicast bit set on the first node byte: 0x02 -> 0x03.
    expect(node).toBe('030000000005');
  });

  it('matches the UUID layout', () => {
    expect(createUuidV1()).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-1[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });
});
