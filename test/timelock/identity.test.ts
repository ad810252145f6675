import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';

import { roundMessage, verifyBeaconSignature } from '../../src/timelock/identity.js';
import { TimelockError } from '../../src/timelock/errors.js';
import { pulseSignature, QUICKNET_PULSES } from './fixtures.js';

describe('roundMessage', () => {
  it('hashes the big-endian u64 round', () => {
    const round1000 = new Uint8Array([0, 0, 0, 0, 0, 0, 0x03, 0xe8]);

    expect(bytesToHex(roundMessage(1000))).toBe(bytesToHex(sha256(round1000)));
  });

  it('accepts bigint and number alike', () => {
    expect(bytesToHex(roundMessage(30662982n))).toBe(bytesToHex(roundMessage(30662982)));
  });
});

describe('verifyBeaconSignature', () => {
  it.each(QUICKNET_PULSES)('accepts quicknet round $round', ({ round, signature }) => {
    expect(verifyBeaconSignature(round, hexToBytes(signature))).toBe(true);
  });

  it('rejects a signature of another round', () => {
    expect(verifyBeaconSignature(1001, hexToBytes(pulseSignature(1000)))).toBe(false);
  });

  it('throws on bytes that are no G1 point', () => {
    const garbage = new Uint8Array(48).fill(0xff);

    expect(() => verifyBeaconSignature(1, garbage)).toThrow(TimelockError);
  });

  it('throws on a truncated signature', () => {
    const truncated = hexToBytes(pulseSignature(1)).slice(0, 47);

    expect(() => verifyBeaconSignature(1, truncated)).toThrow(/expected 48 bytes/);
  });
});
