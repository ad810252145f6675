import {
  ERROR_RESPONSE_SCHEMA,
  errorResponses,
  KEY_NAME_SCHEMA,
  MAX_UIDS,
  U16_SCHEMA,
  U64_SCHEMA,
  WAIT_PROPERTIES,
} from './common.js';

export interface SetWeightsBody {
  wallet_name: string;
  hotkey_name: string;
  transaction_data: {
    netuid: number;
    mechid?: number;
    uids: number[];
    weights: number[];
    weights_format?: 'u16' | 'float';
    version_key?: number | string;
    wait_for_inclusion?: boolean;
    wait_for_finalization?: boolean;
    queue_until_allowed?: boolean;
  };
}

/** Properties every weights body shares: set_weights and commit_weights. */
export const WEIGHTS_DATA_PROPERTIES = {
  netuid: U16_SCHEMA,
  mechid: {
    type: 'integer',
    minimum: 0,
    maximum: 255,
    description:
      'Mechanism id. When given, the mechanism variant of the call is sent (`set_mechanism_weights`, …); runtimes without those calls accept only 0.',
  },
  uids: { type: 'array', items: U16_SCHEMA, minItems: 1, maxItems: MAX_UIDS },
  weights: {
    type: 'array',
    items: { type: 'number', minimum: 0 },
    minItems: 1,
    maxItems: MAX_UIDS,
    description:
      'One weight per uid: u16 values as stored on chain, or with `weights_format: "float"` non-negative numbers that the service scales as the Python SDK does.',
  },
  weights_format: { type: 'string', enum: ['u16', 'float'], default: 'u16' },
  version_key: {
    ...U64_SCHEMA,
    description: 'Defaults to the Python SDK 10.2.0 version key, 10002000.',
  },
  ...WAIT_PROPERTIES,
  queue_until_allowed: {
    type: 'boolean',
    default: false,
    description:
      'When the hotkey is within `WeightsSetRateLimit`, wait (at most the transaction timeout) until the chain allows weights, instead of answering 429.',
  },
} as const;

/** u16 weights unless `weights_format` is `float`. */
export const WEIGHTS_FORMAT_RULE = {
  if: {
    type: 'object',
    properties: { weights_format: { const: 'float' } },
    required: ['weights_format'],
  },
  then: {},
  else: {
    type: 'object',
    properties: { weights: { type: 'array', items: U16_SCHEMA } },
  },
} as const;

export const SET_WEIGHTS_BODY = {
  type: 'object',
  additionalProperties: false,
  required: ['wallet_name', 'hotkey_name', 'transaction_data'],
  properties: {
    wallet_name: KEY_NAME_SCHEMA,
    hotkey_name: KEY_NAME_SCHEMA,
    transaction_data: {
      type: 'object',
      additionalProperties: false,
      required: ['netuid', 'uids', 'weights'],
      properties: WEIGHTS_DATA_PROPERTIES,
      ...WEIGHTS_FORMAT_RULE,
    },
  },
} as const;

export const TX_RESPONSE_SCHEMA = {
  type: 'object',
  properties: {
    success: { type: 'boolean' },
    tx_hash: { type: 'string' },
    status: { type: 'string', enum: ['submitted', 'in_block', 'finalized'] },
    block_hash: { type: 'string' },
    block_number: { type: 'integer' },
    nonce: { type: 'integer' },
    signer: { type: 'string' },
    request_id: { type: 'string' },
  },
  required: ['success', 'tx_hash', 'status'],
} as const;

/** Fields of a stored hash commit in a response. */
export const COMMIT_FIELDS_SCHEMA = {
  commit_id: { type: 'integer' },
  commit_hash: { type: 'string' },
  commit_state: { type: 'string' },
  commit_block: { type: 'integer' },
  first_reveal_block: { type: 'integer' },
  last_reveal_block: { type: 'integer' },
} as const;

/** 429 responses; WEIGHTS_RATE_LIMITED adds `blocks_left`. */
export const RATE_LIMITED_RESPONSE_SCHEMA = {
  ...ERROR_RESPONSE_SCHEMA,
  properties: {
    ...ERROR_RESPONSE_SCHEMA.properties,
    error: {
      ...ERROR_RESPONSE_SCHEMA.properties.error,
      properties: {
        ...ERROR_RESPONSE_SCHEMA.properties.error.properties,
        blocks_left: { type: 'integer' },
      },
    },
  },
} as const;

export const SET_WEIGHTS_ROUTE_SCHEMA = {
  summary: 'Put weights on chain with a hotkey held by the service, as the subnet requires',
  description:
    'Reads the subnet first. Commit-reveal off: `set_weights` (`path: direct`). On with CommitRevealWeightsVersion 4 or more: a timelocked commit the chain reveals at `reveal_round` (`path: timelocked_commit`), as the Python SDK sends. On with an older version: a hash commit this service stores and reveals in the reveal epoch (`path: commit`). Within `WeightsSetRateLimit` blocks of the last update nothing is sent and the answer is 429 WEIGHTS_RATE_LIMITED with `blocks_left`.',
  tags: ['wallet'],
  security: [{ bearerAuth: [] }],
  body: SET_WEIGHTS_BODY,
  response: {
    200: {
      ...TX_RESPONSE_SCHEMA,
      properties: {
        ...TX_RESPONSE_SCHEMA.properties,
        path: { type: 'string', enum: ['direct', 'timelocked_commit', 'commit'] },
        call: { type: 'string' },
        reveal_round: { type: 'integer' },
        ...COMMIT_FIELDS_SCHEMA,
      },
    },
    ...errorResponses(400, 401, 404, 422),
    429: RATE_LIMITED_RESPONSE_SCHEMA,
    ...errorResponses(503, 504),
  },
};
