import { describe, expect, it } from 'vitest';
import { InvalidAmountError, MAX_U64, formatTao, parseRao } from '../../src/chain/amount.js';
import { findInexactNumber } from '../../src/service/schemas/integer-json.js';

describe('parseRao', () => {
  it.each([
    [0, 0n],
    [1_000_000_000, 1_000_000_000n],
    [Number.MAX_SAFE_INTEGER, 9_007_199_254_740_991n],
    ['0', 0n],
    ['18446744073709551615', 18_446_744_073_709_551_615n],
  ])('accepts %j', (value, expected) => {
    expect(parseRao(value, 'amount')).toBe(expected);
  });

  it('maximum equals 2^64 - 1', () => {
    expect(MAX_U64).toBe(18_446_744_073_709_551_615n);
  });

  it.each([
    [1.5, /not a whole number/],
    [-1, /negative/],
    [Number.MAX_SAFE_INTEGER + 1, /decimal string/],
    ['-5', /negative/],
    ['1.5', /not a decimal integer/],
    ['1e9', /not a decimal integer/],
    ['0x10', /not a decimal integer/],
    ['007', /not a decimal integer/],
    ['', /not a decimal integer/],
    ['18446744073709551616', /above the u64 maximum/],
    [null, /not null/],
    [true, /not boolean/],
  ])('rejects %j', (value, pattern) => {
    const attempt = () => parseRao(value, 'transaction_data.amount');
    expect(attempt).toThrow(InvalidAmountError);
    expect(attempt).toThrow(pattern);
    expect(attempt).toThrow(/transaction_data\.amount/);
  });
});

describe('formatTao', () => {
  it.each([
    [0n, '0 TAO'],
    [1_000_000_000n, '1 TAO'],
    [1_500_000_000n, '1.5 TAO'],
    [1n, '0.000000001 TAO'],
  ])('%s rao reads %s', (rao, text) => {
    expect(formatTao(rao)).toBe(text);
  });
});

describe('findInexactNumber', () => {
  it.each([
    ['{"amount":1e9}', '1e9', 'amount'],
    ['{"a":{"amount":1.5}}', '1.5', 'amount'],
    ['{"amount":1.0}', '1.0', 'amount'],
    ['{"args":[1,2E3]}', '2E3', 'args'],
    ['{"amount":-0.5}', '-0.5', 'amount'],
  ])('finds the number in %s', (text, token, key) => {
    expect(findInexactNumber(text)).toEqual({ token, key });
  });

  it.each([
    '{"amount":1000000000,"netuid":2}',
    '{"ip":"1.2.3.4","note":"1e9 \\" 2.5"}',
    '{"flag":true,"none":null,"neg":-3}',
    '[]',
  ])('accepts integers only in %s', (text) => {
    expect(findInexactNumber(text)).toBeUndefined();
  });
});
