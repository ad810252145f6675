import {
  ERROR_RESPONSE_SCHEMA,
  KEY_NAME_SCHEMA,
  MAX_UIDS,
  U16_SCHEMA,
  U64_SCHEMA,
} from './common.js';

export interface SetWeightsBody {
  wallet_name: string;
  hotkey_name: string;
  transaction_data: {
    netuid: number;
    uids: number[];
    weights: number[];
    version_key: number | string;
    wait_for_inclusion?: boolean;
    wait_for_finalization?: boolean;
  };
}

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
      required: ['netuid', 'uids', 'weights', 'version_key'],
      properties: {
        netuid: U16_SCHEMA,
        uids: { type: 'array', items: U16_SCHEMA, minItems: 1, maxItems: MAX_UIDS },
        weights: {
          type: 'array',
          items: U16_SCHEMA,
          minItems: 1,
          maxItems: MAX_UIDS,
          description: 'u16 weights as stored on chain, one per uid.',
        },
        version_key: U64_SCHEMA,
        wait_for_inclusion: { type: 'boolean', default: false },
        wait_for_finalization: { type: 'boolean', default: false },
      },
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

export const SET_WEIGHTS_ROUTE_SCHEMA = {
  summary: 'Sign and submit set_weights with a hotkey held by the service',
  tags: ['wallet'],
  security: [{ bearerAuth: [] }],
  body: SET_WEIGHTS_BODY,
  response: {
    200: TX_RESPONSE_SCHEMA,
    400: ERROR_RESPONSE_SCHEMA,
    401: ERROR_RESPONSE_SCHEMA,
    404: ERROR_RESPONSE_SCHEMA,
    422: ERROR_RESPONSE_SCHEMA,
    503: ERROR_RESPONSE_SCHEMA,
    504: ERROR_RESPONSE_SCHEMA,
  },
};
