import { describe, expect, it } from 'vitest';
import { InvalidKeyNameError } from '../../src/keystore/errors.js';
import { assertValidName, nameProblem } from '../../src/keystore/names.js';

describe('wallet and hotkey names', () => {
  it.each(['../../etc', '..', '.', 'a/b', 'a\\b', '', 'x\u0000y', 'line\nbreak', 'é'.repeat(200)])(
    'rejects %j',
    (name) => {
      expect(nameProblem(name)).toBeDefined();
      expect(() => assertValidName(name, 'wallet')).toThrow(InvalidKeyNameError);
    },
  );

  it.each(['default', 'miner-1', 'my..key', 'validator_2', '.hidden', 'ünïcode'])(
    'accepts %j',
    (name) => {
      expect(nameProblem(name)).toBeUndefined();
    },
  );

  it('names the kind and the fix', () => {
    expect(() => assertValidName('../x', 'hotkey')).toThrow(
      /Invalid hotkey name "\.\.\/x".*plain file name/,
    );
  });
});
