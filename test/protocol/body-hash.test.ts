import { sha3_256 } from '@noble/hashes/sha3.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';

import { computeBodyHash } from '../../src/protocol/body-hash.js';
import { pyFloat } from '../../src/protocol/python-str.js';

function sha3(text: string): string {
  return bytesToHex(sha3_256(utf8ToBytes(text)));
}

describe('computeBodyHash', () => {
  it('hashes the empty string without fields', () => {
    // SHA3-256("") from FIPS 202.
    expect(computeBodyHash([])).toBe(
      'a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a',
    );
  });

  it('joins the hex digests of str(value)', () => {
    // str([1, 2]) = "[1, 2]", str({'a': 1}) = "{'a': 1}", str(True) = "True",
    // str(None) = "None", str(0.5) = "0.5", str("text") = "text".
    const expected = sha3(
      sha3('[1, 2]') + sha3("{'a': 1}") + sha3('True') + sha3('None') + sha3('0.5') + sha3('text'),
    );

    expect(computeBodyHash([[1, 2], { a: 1 }, true, null, pyFloat(0.5), 'text'])).toBe(expected);
  });

  it('depends on the field order', () => {
    expect(computeBodyHash([1, 2])).not.toBe(computeBodyHash([2, 1]));
  });
});
