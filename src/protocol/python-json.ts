import { PyFloat, pythonFloatRepr, type PyValue } from './python-str.js';

/**
 * Serializes `value` as Python's `json.dumps(value)` with its defaults, which is how
 * aiohttp and Starlette write a synapse: `", "` and `": "` separators, non-ASCII text
 * as \u escapes, floats as `repr` (`12.0`), and `NaN`/`Infinity` for special floats.
 * Bigints are written as JSON integers, so nanosecond nonces keep every digit.
 */
export function pythonJson(value: PyValue): string {
  if (value === null) {
    return 'null';
  }
  if (typeof value === 'boolean') {
    return value ? 'true' : 'false';
  }
  if (typeof value === 'bigint') {
    return value.toString();
  }
  if (typeof value === 'number') {
    return Number.isInteger(value) ? BigInt(value).toString() : jsonFloat(value);
  }
  if (typeof value === 'string') {
    return jsonString(value);
  }
  if (value instanceof PyFloat) {
    return jsonFloat(value.value);
  }
  if (Array.isArray(value)) {
    return `[${value.map(pythonJson).join(', ')}]`;
  }
  const entries = Object.entries(value as { [key: string]: PyValue });
  return `{${entries.map(([key, item]) => `${jsonString(key)}: ${pythonJson(item)}`).join(', ')}}`;
}

function jsonFloat(x: number): string {
  if (Number.isNaN(x)) {
    return 'NaN';
  }
  if (!Number.isFinite(x)) {
    return x > 0 ? 'Infinity' : '-Infinity';
  }
  return pythonFloatRepr(x);
}

const SHORT_ESCAPES: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};

// Walks UTF-16 code units, so a character above U+FFFF comes out as a surrogate pair
// of \u escapes, as Python writes it.
function jsonString(text: string): string {
  let out = '"';
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    const code = text.charCodeAt(i);
    const short = SHORT_ESCAPES[char];
    if (short !== undefined) {
      out += short;
    } else if (code >= 0x20 && code <= 0x7e) {
      out += char;
    } else {
      out += `\\u${code.toString(16).padStart(4, '0')}`;
    }
  }
  return `${out}"`;
}
