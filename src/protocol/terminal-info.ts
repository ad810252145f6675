import { ProtocolError } from './errors.js';
import { pyFloat, pythonFloatRepr, type PyValue } from './python-str.js';

/** One side of a request (the SDK's `TerminalInfo`): the dendrite that sends or the axon that serves. */
export interface TerminalInfo {
  statusCode?: number;
  statusMessage?: string;
  /** Seconds the terminal spent on the request. */
  processTime?: number;
  ip?: string;
  port?: number;
  /** Bittensor version as `major * 10^6 + minor * 10^3 + patch`. */
  version?: number;
  /** Nanoseconds since the Unix epoch; above 2^53, so a bigint. */
  nonce?: bigint;
  uuid?: string;
  /** SS58 address of the terminal's hotkey. */
  hotkey?: string;
  /** `0x` followed by the 64-byte sr25519 signature in lowercase hex. */
  signature?: string;
}

type FieldKind = 'int' | 'float' | 'str' | 'nonce';

/** The SDK's field names and types, in its declaration order (which is the header order). */
const FIELDS: readonly (readonly [keyof TerminalInfo, string, FieldKind])[] = [
  ['statusCode', 'status_code', 'int'],
  ['statusMessage', 'status_message', 'str'],
  ['processTime', 'process_time', 'float'],
  ['ip', 'ip', 'str'],
  ['port', 'port', 'int'],
  ['version', 'version', 'int'],
  ['nonce', 'nonce', 'nonce'],
  ['uuid', 'uuid', 'str'],
  ['hotkey', 'hotkey', 'str'],
  ['signature', 'signature', 'str'],
];

/**
 * Encodes the fields that are set as `<prefix><field>` headers with Python `str()`
 * values (`12.0` for a float, decimal digits for ints), as `Synapse.to_headers` does.
 */
export function terminalInfoHeaders(prefix: string, info: TerminalInfo): [string, string][] {
  const headers: [string, string][] = [];
  for (const [key, field, kind] of FIELDS) {
    const value = info[key];
    if (value !== undefined) {
      headers.push([prefix + field, formatValue(value, kind)]);
    }
  }
  return headers;
}

/** Returns the SDK's `model_dump()` of the terminal info: every field, `null` when unset. */
export function terminalInfoJson(info: TerminalInfo): { [field: string]: PyValue } {
  const json: { [field: string]: PyValue } = {};
  for (const [key, field, kind] of FIELDS) {
    const value = info[key];
    if (value === undefined) {
      json[field] = null;
    } else {
      // A float field that contains a whole number must still print as `12.0`.
      json[field] = kind === 'float' ? pyFloat(Number(value)) : value;
    }
  }
  return json;
}

/**
 * Decodes `<prefix><field>` headers from lower-cased header names. Throws ProtocolError
 * HEADER_INVALID when an int or float header does not parse as Python's `int()` or
 * `float()` would. The SDK returns 400 for such headers.
 */
export function parseTerminalInfo(
  headers: ReadonlyMap<string, string>,
  prefix: string,
): TerminalInfo {
  const info: TerminalInfo = {};
  for (const [key, field, kind] of FIELDS) {
    const raw = headers.get(prefix + field);
    if (raw !== undefined) {
      Object.assign(info, { [key]: parseValue(prefix + field, raw, kind) });
    }
  }
  return info;
}

function formatValue(value: string | number | bigint, kind: FieldKind): string {
  if (kind === 'float') {
    return pythonFloatRepr(Number(value));
  }
  return String(value);
}

// Python's int() accepts surrounding whitespace, a sign and underscores between digits.
const PYTHON_INT = /^\s*[+-]?\d+(_\d+)*\s*$/;
const PYTHON_FLOAT =
  /^\s*[+-]?(((\d+(_\d+)*)?\.?\d+(_\d+)*|\d+(_\d+)*\.)([eE][+-]?\d+(_\d+)*)?|inf|infinity|nan)\s*$/i;

function parseValue(header: string, raw: string, kind: FieldKind): string | number | bigint {
  if (kind === 'str') {
    return raw;
  }
  if (kind === 'float') {
    return parseFloatHeader(header, raw);
  }
  if (!PYTHON_INT.test(raw)) {
    throw new ProtocolError(
      'HEADER_INVALID',
      `header ${header} is ${JSON.stringify(raw)}, not an integer`,
    );
  }
  const value = BigInt(raw.trim().replaceAll('_', ''));
  if (kind === 'nonce') {
    return value;
  }
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < -BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new ProtocolError(
      'HEADER_INVALID',
      `header ${header} is ${raw}, beyond the safe integer range`,
    );
  }
  return Number(value);
}

/**
 * Parses a header value as Python's `float()` does (`12`, `12.5`, `1e-3`, `inf`, `nan`).
 * Throws ProtocolError HEADER_INVALID for any other text.
 */
export function parseFloatHeader(header: string, raw: string): number {
  if (!PYTHON_FLOAT.test(raw)) {
    throw new ProtocolError(
      'HEADER_INVALID',
      `header ${header} is ${JSON.stringify(raw)}, not a number`,
    );
  }
  return parsePythonFloat(raw);
}

function parsePythonFloat(raw: string): number {
  const text = raw.trim().replaceAll('_', '').toLowerCase();
  const unsigned = text.replace(/^[+-]/, '');
  const negative = text.startsWith('-');
  if (unsigned === 'nan') {
    return NaN;
  }
  if (unsigned === 'inf' || unsigned === 'infinity') {
    return negative ? -Infinity : Infinity;
  }
  return Number(text);
}
