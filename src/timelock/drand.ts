import { TimelockError } from './errors.js';

/**
 * Parameters of the drand quicknet beacon, whose pulses unlock CRv4 weight
 * commits. Scheme `bls-unchained-g1-rfc9380`: signatures in G1, the group
 * public key in G2.
 */
export const QUICKNET = {
  chainHash: '52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971',
  /** Unix time in seconds at which round 1 was emitted. */
  genesisTime: 1692803367,
  periodSeconds: 3,
  scheme: 'bls-unchained-g1-rfc9380',
  /** Compressed G2 public key, hex. */
  publicKey:
    '83cf0f2896adee7eb8b5f01fcad3912212c437e0073e911fb90022d3e760183c8c4b450b6a0a6c3ac6a5776a2d1064510d1fec758c921cc22b0e17e63aaf4bcb5ed66304de9cf809bd274ca73bab4af5a6e9c76a4bc09e76eae8991ef5ece45a',
} as const;

const MAX_ROUND = 2n ** 64n - 1n;

/** Checks that a round fits the u64 the beacon and Subtensor use, and returns it as a bigint. */
export function toRound(round: bigint | number): bigint {
  if (typeof round === 'number' && !Number.isSafeInteger(round)) {
    throw new TimelockError(
      'TIMELOCK_INVALID_ROUND',
      `Invalid drand round ${round}: pass a non-negative integer.`,
    );
  }
  const value = BigInt(round);
  if (value < 0n || value > MAX_ROUND) {
    throw new TimelockError(
      'TIMELOCK_INVALID_ROUND',
      `Invalid drand round ${value}: it must be between 0 and 2^64-1.`,
    );
  }
  return value;
}

/** Returns the latest quicknet round emitted at a unix time in seconds, or 0 before genesis. */
export function roundAt(unixSeconds: number): number {
  if (!Number.isFinite(unixSeconds)) {
    throw new TimelockError(
      'TIMELOCK_INVALID_INPUT',
      `Invalid unix time ${unixSeconds}: pass a finite number of seconds.`,
    );
  }
  if (unixSeconds < QUICKNET.genesisTime) {
    return 0;
  }
  return Math.floor((unixSeconds - QUICKNET.genesisTime) / QUICKNET.periodSeconds) + 1;
}

/** Returns the unix time in seconds at which a quicknet round is emitted. */
export function roundTime(round: number): number {
  if (!Number.isSafeInteger(round) || round < 1) {
    throw new TimelockError(
      'TIMELOCK_INVALID_ROUND',
      `Invalid drand round ${round}: rounds start at 1.`,
    );
  }
  return QUICKNET.genesisTime + (round - 1) * QUICKNET.periodSeconds;
}
