import { TokenFileError } from './errors.js';

/** Largest amount a u64 balance can hold, in rao. */
const MAX_RAO = 2n ** 64n - 1n;

/** Largest Subtensor netuid (u16). */
export const MAX_NETUID = 65535;

/** Shows a file value in a message, cut short so a huge value cannot flood the output. */
export function describeValue(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 80)}...` : text;
}

/** Builds the error for one field; `owner` names the token or wallet entry it belongs to. */
export function fieldError(owner: string, field: string, problem: string): TokenFileError {
  return new TokenFileError(`${owner}: field ${field} ${problem}`);
}

export function expectRecord(
  value: unknown,
  owner: string,
  field: string,
): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw fieldError(owner, field, `must be a mapping, not ${describeValue(value)}`);
  }
  return value as Record<string, unknown>;
}

/** Rejects keys outside `allowed`, so a misspelt limit cannot silently mean "no limit". */
export function rejectUnknownKeys(
  record: Record<string, unknown>,
  allowed: readonly string[],
  owner: string,
  prefix = '',
): void {
  for (const key of Object.keys(record)) {
    if (!allowed.includes(key)) {
      throw new TokenFileError(
        `${owner}: unknown field ${prefix}${key}; use ${allowed.map((name) => prefix + name).join(', ')}`,
      );
    }
  }
}

/**
 * Reads a list of distinct strings; `itemProblem` returns why one item is
 * invalid, or undefined.
 */
export function readStringList(
  value: unknown,
  owner: string,
  field: string,
  itemProblem: (item: string) => string | undefined,
): string[] {
  if (!Array.isArray(value)) {
    throw fieldError(owner, field, `must be a list, not ${describeValue(value)}`);
  }
  const seen = new Set<string>();
  return value.map((item: unknown, index) => {
    const name = `${field}[${index}]`;
    if (typeof item !== 'string') {
      throw fieldError(owner, name, `must be a string, not ${describeValue(item)}`);
    }
    const problem = itemProblem(item);
    if (problem !== undefined) {
      throw fieldError(owner, name, `${describeValue(item)} ${problem}`);
    }
    if (seen.has(item)) {
      throw fieldError(owner, name, `repeats ${describeValue(item)}; list each entry once`);
    }
    seen.add(item);
    return item;
  });
}

export function readBoolean(
  value: unknown,
  owner: string,
  field: string,
  fallback: boolean,
): boolean {
  if (value === undefined) {
    return fallback;
  }
  if (typeof value !== 'boolean') {
    throw fieldError(owner, field, `must be true or false, not ${describeValue(value)}`);
  }
  return value;
}

export function readInteger(
  value: unknown,
  owner: string,
  field: string,
  range: { min: number; max: number },
): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw fieldError(owner, field, `must be a whole number, not ${describeValue(value)}`);
  }
  if (value < range.min || value > range.max) {
    throw fieldError(owner, field, `${value} is out of range; use ${range.min} to ${range.max}`);
  }
  return value;
}

/** Reads a non-empty list of distinct netuids. */
export function readNetuids(value: unknown, owner: string, field: string): number[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw fieldError(
      owner,
      field,
      `must be a non-empty list of netuids, not ${describeValue(value)}`,
    );
  }
  const netuids = value.map((item: unknown, index) =>
    readInteger(item, owner, `${field}[${index}]`, { min: 0, max: MAX_NETUID }),
  );
  if (new Set(netuids).size !== netuids.length) {
    throw fieldError(owner, field, 'repeats a netuid; list each netuid once');
  }
  return netuids;
}

/**
 * Reads an amount in rao. Amounts must be strings because YAML and JSON
 * numbers become floats, which cannot hold every u64 value exactly.
 */
export function readRao(value: unknown, owner: string, field: string): bigint {
  if (typeof value === 'number') {
    throw fieldError(
      owner,
      field,
      `is the number ${describeValue(value)}; write it as a quoted string ` +
        'such as "1000000000", so no precision is lost',
    );
  }
  if (typeof value !== 'string' || !/^\d{1,20}$/.test(value)) {
    throw fieldError(
      owner,
      field,
      `${describeValue(value)} is not a whole number of rao in a string`,
    );
  }
  const amount = BigInt(value);
  if (amount > MAX_RAO) {
    throw fieldError(owner, field, `${value} is above the u64 maximum ${MAX_RAO}`);
  }
  return amount;
}

/** Reads an ISO 8601 time such as 2026-01-31T12:00:00Z and returns it unchanged. */
export function readTimestamp(value: unknown, owner: string, field: string): string {
  const iso = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/;
  if (typeof value !== 'string' || !iso.test(value) || Number.isNaN(Date.parse(value))) {
    throw fieldError(
      owner,
      field,
      `${describeValue(value)} is not an ISO 8601 time; use a value such as 2026-01-31T12:00:00Z`,
    );
  }
  return value;
}
