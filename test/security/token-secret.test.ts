import { describe, expect, it } from 'vitest';
import {
  generateTokenSecret,
  parseTokenSecretId,
  tokenIdProblem,
} from '../../src/security/token-secret.js';

describe('token secrets', () => {
  it('have prefix, id and 43 random characters', () => {
    const secret = generateTokenSecret('miner-1');
    expect(secret).toMatch(/^mst_miner-1_[A-Za-z0-9_-]{43}$/);
    const random = secret.slice('mst_miner-1_'.length);
    expect(Buffer.from(random, 'base64url')).toHaveLength(32);
  });

  it('differ on every call', () => {
    expect(generateTokenSecret('a')).not.toBe(generateTokenSecret('a'));
  });

  it.each(['miner-1', 'a', 'with_under_scores', 'v1.2', 'x'.repeat(64)])(
    'round-trip id %s',
    (id) => {
      expect(parseTokenSecretId(generateTokenSecret(id))).toBe(id);
    },
  );

  it('finds the id when the random part contains underscores', () => {
    const secret = `mst_node_a_${'_'.repeat(43)}`;
    expect(parseTokenSecretId(secret)).toBe('node_a');
  });

  it.each([
    ['no prefix', `xst_miner_${'a'.repeat(43)}`],
    ['short random part', `mst_miner_${'a'.repeat(42)}`],
    ['long random part', `mst_miner_${'a'.repeat(44)}`],
    ['missing separator', `mst_miner-${'a'.repeat(43)}`],
    ['empty id', `mst__${'a'.repeat(43)}`],
    ['invalid random char', `mst_miner_${'a'.repeat(42)}=`],
    ['invalid id char', `mst_min:er_${'a'.repeat(43)}`],
    ['oversized', `mst_${'x'.repeat(65)}_${'a'.repeat(43)}`],
    ['empty', ''],
  ])('rejects %s', (_case, secret) => {
    expect(parseTokenSecretId(secret)).toBeUndefined();
  });

  it('rejects invalid ids when generating', () => {
    expect(() => generateTokenSecret('bad id')).toThrow(/token id "bad id" is invalid/);
    expect(() => generateTokenSecret('')).toThrow(RangeError);
  });

  it('treats ids starting with mst_ as pasted secrets', () => {
    expect(tokenIdProblem('mst_x')).toMatch(/marks a secret/);
    expect(tokenIdProblem('-x')).toMatch(/starting with a letter or digit/);
    expect(tokenIdProblem('x'.repeat(65))).toBeDefined();
    expect(tokenIdProblem('miner-1')).toBeUndefined();
  });
});
