import { ERROR_RESPONSE_SCHEMA, U64_SCHEMA } from './common.js';
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

export const WAIT_PROPERTIES = {
  wait_for_inclusion: { type: 'boolean', default: false },
  wait_for_finalization: { type: 'boolean', default: false },
} as const;

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

export const TX_ERROR_RESPONSES = {
  400: ERROR_RESPONSE_SCHEMA,
  401: ERROR_RESPONSE_SCHEMA,
  403: ERROR_RESPONSE_SCHEMA,
  404: ERROR_RESPONSE_SCHEMA,
  422: ERROR_RESPONSE_SCHEMA,
  503: ERROR_RESPONSE_SCHEMA,
  504: ERROR_RESPONSE_SCHEMA,
} as const;
