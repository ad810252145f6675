/** Largest value of a Substrate `u64`, the type of every TAO and alpha amount. */
export const MAX_U64 = (1n << 64n) - 1n;

/** 1 TAO is 10^9 rao. */
export const RAO_PER_TAO = 1_000_000_000n;

const DECIMAL_INTEGER = /^(0|[1-9][0-9]*)$/;

/** An amount that is not a whole, non-negative u64 number of rao. */
export class InvalidAmountError extends Error {
  readonly code = 'INVALID_REQUEST';
  constructor(message: string) {
    super(message);
    this.name = 'InvalidAmountError';
  }
}

function shown(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : String(value);
  return text.length > 40 ? `${text.slice(0, 40)}...` : text;
}

function parseNumber(value: number, field: string): bigint {
  if (!Number.isInteger(value)) {
    throw new InvalidAmountError(
      `${field} ${shown(value)} is not a whole number of rao; send an integer (1 TAO = 10^9 rao)`,
    );
  }
  if (value < 0) {
    throw new InvalidAmountError(`${field} ${shown(value)} is negative; send 0 or more rao`);
  }
  if (!Number.isSafeInteger(value)) {
    throw new InvalidAmountError(
      `${field} ${shown(value)} is above 2^53 - 1, where JSON numbers lose precision; send it as a decimal string`,
    );
  }
  return BigInt(value);
}

/**
 * Parses an amount in rao sent as a JSON integer (at most 2^53 - 1) or as a
 * decimal string (at most 2^64 - 1). Strings with a fraction, exponent,
 * sign, hex digits or leading zeros are rejected, so the amount signed is
 * exactly the amount sent.
 */
export function parseRao(value: unknown, field: string): bigint {
  if (typeof value === 'number') {
    return parseNumber(value, field);
  }
  if (typeof value !== 'string') {
    throw new InvalidAmountError(
      `${field} must be an integer or a decimal string of rao, not ${value === null ? 'null' : typeof value}`,
    );
  }
  if (value.startsWith('-')) {
    throw new InvalidAmountError(`${field} ${shown(value)} is negative; send 0 or more rao`);
  }
  if (!DECIMAL_INTEGER.test(value)) {
    throw new InvalidAmountError(
      `${field} ${shown(value)} is not a decimal integer; send digits only, such as "1000000000" for 1 TAO`,
    );
  }
  const parsed = BigInt(value);
  if (parsed > MAX_U64) {
    throw new InvalidAmountError(
      `${field} ${shown(value)} is above the u64 maximum ${MAX_U64}; send a smaller amount`,
    );
  }
  return parsed;
}

/** Formats rao as TAO with up to nine decimals, for messages and audit summaries. */
export function formatTao(rao: bigint): string {
  const whole = rao / RAO_PER_TAO;
  const fraction = (rao % RAO_PER_TAO).toString().padStart(9, '0').replace(/0+$/, '');
  return `${whole}${fraction ? `.${fraction}` : ''} TAO`;
}
