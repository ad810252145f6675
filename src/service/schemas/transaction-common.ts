import { errorResponses, U64_SCHEMA } from './common.js';
import { TX_RESPONSE_SCHEMA } from './set-weights.js';

/** SS58 address in base58; the checksum is verified by the operation. */
export const SS58_SCHEMA = {
  type: 'string',
  minLength: 40,
  maxLength: 60,
  pattern: '^[1-9A-HJ-NP-Za-km-z]+$',
  description: 'SS58 address (any network prefix).',
} as const;

/** Amount in rao: a JSON integer up to 2^53 - 1, or a decimal string up to 2^64 - 1. */
export const RAO_SCHEMA = {
  ...U64_SCHEMA,
  description:
    'Rao (1 TAO = 10^9 rao) as a JSON integer up to 2^53 - 1 or a decimal string up to 2^64 - 1; no fractions or exponents.',
} as const;

export { WAIT_PROPERTIES } from './common.js';

/** A transaction response that also states the amount the policy counted. */
export const VALUE_TX_RESPONSE_SCHEMA = {
  ...TX_RESPONSE_SCHEMA,
  properties: {
    ...TX_RESPONSE_SCHEMA.properties,
    amount_rao: {
      type: 'string',
      description: 'Amount counted against the coldkey policy, in rao, as a decimal string.',
    },
  },
} as const;

export const TX_ERROR_RESPONSES = errorResponses(400, 401, 403, 404, 422, 429, 503, 504);
