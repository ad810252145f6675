import { describe, expect, it } from 'vitest';

import { pythonJson } from '../../src/protocol/python-json.js';
import {
  pyFloat,
  pythonFloatRepr,
  pythonRepr,
  pythonStr,
  type PyValue,
} from '../../src/protocol/python-str.js';

describe('pythonFloatRepr', () => {
  // Expected values are what CPython 3.11 prints for repr(float).
  it.each([
    [12, '12.0'],
    [0.1, '0.1'],
    [-2.5, '-2.5'],
    [0.0001, '0.0001'],
    [0.00001, '1e-05'],
    [1.5e-7, '1.5e-07'],
    [1e15, '1000000000000000.0'],
    [1e16, '1e+16'],
    [1.7976931348623157e308, '1.7976931348623157e+308'],
    [1 / 3, '0.3333333333333333'],
    [-0, '-0.0'],
    [Infinity, 'inf'],
    [NaN, 'nan'],
  ])('formats %d as %s', (x, expected) => {
    expect(pythonFloatRepr(x)).toBe(expected);
  });
});

describe('pythonStr', () => {
  // Expected values are what CPython prints for str(value).
  it.each<[PyValue, string]>([
    [[1, 2], '[1, 2]'],
    [{ a: 1 }, "{'a': 1}"],
    [true, 'True'],
    [false, 'False'],
    [null, 'None'],
    [7, '7'],
    [pyFloat(7), '7.0'],
    [2n ** 70n, '1180591620717411303424'],
    ['text', 'text'],
    [['a', "it's", 'say "hi"'], `['a', "it's", 'say "hi"']`],
    [{ k: [pyFloat(0.5), null] }, "{'k': [0.5, None]}"],
  ])('formats case %#', (value, expected) => {
    expect(pythonStr(value)).toBe(expected);
  });
});

describe('pythonRepr of strings', () => {
  it.each([
    ['plain', "'plain'"],
    ["it's", `"it's"`],
    [`a'b"c`, `'a\\'b"c'`],
    ['back\\slash', "'back\\\\slash'"],
    ['\n\t\r', "'\\n\\t\\r'"],
    ['\x00\x7f', "'\\x00\\x7f'"],
    ['\xa0\xad', "'\\xa0\\xad'"],
    ['é 中', "'é 中'"],
    ['\u200b', "'\\u200b'"],
    ['\u{1f600}', "'\u{1f600}'"],
    ['\ud800', "'\\ud800'"],
  ])('formats %j', (text, expected) => {
    expect(pythonRepr(text)).toBe(expected);
  });
});

describe('pythonJson', () => {
  it('matches json.dumps with its defaults', () => {
    // json.dumps({"a": 1, "b": [1.5, 2.0, "é"], "c": None, "d": True, "n": 1700000000123456789})
    const value: PyValue = {
      a: 1,
      b: [1.5, pyFloat(2), 'é'],
      c: null,
      d: true,
      n: 1700000000123456789n,
    };

    expect(pythonJson(value)).toBe(
      '{"a": 1, "b": [1.5, 2.0, "\\u00e9"], "c": null, "d": true, "n": 1700000000123456789}',
    );
  });

  it('escapes like json.dumps', () => {
    // json.dumps('q"\\\n\x01\U0001f600') -> "q\"\\\n\u0001\ud83d\ude00"
    expect(pythonJson('q"\\\n\x01\u{1f600}')).toBe('"q\\"\\\\\\n\\u0001\\ud83d\\ude00"');
  });
});
