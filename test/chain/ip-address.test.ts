import { describe, expect, it } from 'vitest';
import { decodeIp, encodeIp } from '../../src/chain/ip-address.js';

describe('encodeIp', () => {
  it.each([
    ['1.2.3.4', 1n * 2n ** 24n + 2n * 2n ** 16n + 3n * 2n ** 8n + 4n],
    ['203.0.113.5', 203n * 2n ** 24n + 113n * 2n ** 8n + 5n],
    ['255.255.255.255', 2n ** 32n - 1n],
    ['0.0.0.0', 0n],
  ])('encodes IPv4 %s', (text, expected) => {
    expect(encodeIp(text)).toEqual({ value: expected, ipType: 4 });
  });

  it.each([
    ['2001:db8::1', BigInt('0x20010db8000000000000000000000001')],
    ['::1', 1n],
    ['::', 0n],
    ['fe80::', BigInt('0xfe800000000000000000000000000000')],
    ['2001:db8:85a3:0:0:8a2e:370:7334', BigInt('0x20010db885a3000000008a2e03707334')],
    ['::ffff:192.0.2.1', BigInt('0x00000000000000000000ffffc0000201')],
    ['ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 2n ** 128n - 1n],
  ])('encodes IPv6 %s', (text, expected) => {
    expect(encodeIp(text)).toEqual({ value: expected, ipType: 6 });
  });

  it.each(['', 'localhost', '1.2.3', '256.1.1.1', '1::2::3', 'fe80::1%eth0', ' 1.2.3.4'])(
    'rejects %j',
    (text) => {
      expect(() => encodeIp(text)).toThrow(/is not an IPv4 or IPv6 address/);
    },
  );
});

describe('decodeIp', () => {
  it.each([
    '1.2.3.4',
    '203.0.113.5',
    '2001:db8::1',
    '::1',
    'fe80::',
    '2001:db8:85a3::8a2e:370:7334',
  ])('round-trips %s', (text) => {
    const encoded = encodeIp(text);
    expect(decodeIp(encoded.value, encoded.ipType)).toBe(text);
  });
});
