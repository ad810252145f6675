/**
 * A Python float. JSON and JavaScript numbers do not say whether `12` is the int 12 or
 * the float 12.0, yet Python's `str()` prints them differently ("12" and "12.0").
 */
export class PyFloat {
  constructor(readonly value: number) {}
}

export function pyFloat(value: number): PyFloat {
  return new PyFloat(value);
}

/**
 * A value as Python stores it after pydantic validation. A JavaScript number is an int
 * when it is an integer and a float otherwise; wrap it in PyFloat to force a float.
 * Plain objects are dicts in insertion order.
 */
export type PyValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | PyFloat
  | readonly PyValue[]
  | { readonly [key: string]: PyValue };

/** Formats `value` as Python's `str(value)` (CPython 3.x): a str as is, anything else as `repr`. */
export function pythonStr(value: PyValue): string {
  return typeof value === 'string' ? value : pythonRepr(value);
}

/** Formats `value` as Python's `repr(value)`: `None`, `True`, `[1, 2]`, `{'a': 1.0}`. */
export function pythonRepr(value: PyValue): string {
  if (value === null) {
    return 'None';
  }
  if (typeof value === 'boolean') {
    return value ? 'True' : 'False';
  }
  if (typeof value === 'bigint') {
    return value.toString();
  }
  if (typeof value === 'number') {
    return Number.isInteger(value) ? BigInt(value).toString() : pythonFloatRepr(value);
  }
  if (typeof value === 'string') {
    return pythonStringRepr(value);
  }
  if (value instanceof PyFloat) {
    return pythonFloatRepr(value.value);
  }
  if (Array.isArray(value)) {
    return `[${value.map(pythonRepr).join(', ')}]`;
  }
  const entries = Object.entries(value as { [key: string]: PyValue });
  return `{${entries.map(([key, item]) => `${pythonStringRepr(key)}: ${pythonRepr(item)}`).join(', ')}}`;
}

/**
 * Formats a float as Python's `repr(float)`: the shortest digits that round-trip, in
 * positional notation when the decimal exponent is from -4 to 15 (with ".0" for whole
 * numbers), otherwise as `1.5e-05` or `1e+16`.
 */
export function pythonFloatRepr(x: number): string {
  if (Number.isNaN(x)) {
    return 'nan';
  }
  if (!Number.isFinite(x)) {
    return x > 0 ? 'inf' : '-inf';
  }
  if (x === 0) {
    return Object.is(x, -0) ? '-0.0' : '0.0';
  }

  // toExponential() without an argument gives the shortest round-trip digits, as repr does.
  const [mantissa, exponent] = Math.abs(x).toExponential().split('e') as [string, string];
  const digits = mantissa.replace('.', '');
  const pointPosition = Number(exponent) + 1;
  const sign = x < 0 ? '-' : '';

  if (pointPosition <= -4 || pointPosition > 16) {
    return sign + exponentNotation(digits, pointPosition - 1);
  }
  if (pointPosition <= 0) {
    return `${sign}0.${'0'.repeat(-pointPosition)}${digits}`;
  }
  if (pointPosition >= digits.length) {
    return `${sign}${digits}${'0'.repeat(pointPosition - digits.length)}.0`;
  }
  return `${sign}${digits.slice(0, pointPosition)}.${digits.slice(pointPosition)}`;
}

function exponentNotation(digits: string, exponent: number): string {
  const fraction = digits.length > 1 ? `.${digits.slice(1)}` : '';
  const exponentSign = exponent < 0 ? '-' : '+';
  return `${digits[0]}${fraction}e${exponentSign}${String(Math.abs(exponent)).padStart(2, '0')}`;
}

// Python's str.isprintable() is false for categories Cc, Cf, Cs, Co, Cn, Zl, Zp and Zs
// (except the ASCII space).
const NOT_PRINTABLE = /^[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]$/u;

/**
 * Formats a string as Python's `repr(str)`: single quotes unless the text contains a single
 * quote and no double quote, backslash escapes for quotes, backslashes and \t \n \r, and
 * \x, \u or \U escapes for characters that are not printable.
 *
 * NOTE: printability follows the Unicode tables of this Node.js build, which can differ
 * from the Python build's tables for characters assigned in newer Unicode versions.
 */
export function pythonStringRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let body = '';
  for (const char of text) {
    body += escapeChar(char, quote);
  }
  return quote + body + quote;
}

function escapeChar(char: string, quote: string): string {
  if (char === quote || char === '\\') {
    return `\\${char}`;
  }
  if (char === '\t') {
    return '\\t';
  }
  if (char === '\n') {
    return '\\n';
  }
  if (char === '\r') {
    return '\\r';
  }
  const code = char.codePointAt(0)!;
  if (code >= 0x20 && code < 0x7f) {
    return char;
  }
  if (code > 0x7f && !NOT_PRINTABLE.test(char)) {
    return char;
  }
  if (code <= 0xff) {
    return `\\x${code.toString(16).padStart(2, '0')}`;
  }
  if (code <= 0xffff) {
    return `\\u${code.toString(16).padStart(4, '0')}`;
  }
  return `\\U${code.toString(16).padStart(8, '0')}`;
}
