import { errorResponses, KEY_NAME_SCHEMA, U16_SCHEMA, WAIT_PROPERTIES } from './common.js';
import { TX_RESPONSE_SCHEMA } from './set-weights.js';

export interface ServeAxonBody {
  wallet_name: string;
  hotkey_name: string;
  transaction_data: {
    netuid: number;
    ip: string;
    port: number;
    protocol?: number;
    version?: number;
    placeholder1?: number;
    placeholder2?: number;
    wait_for_inclusion?: boolean;
    wait_for_finalization?: boolean;
  };
}

const U8_SCHEMA = { type: 'integer', minimum: 0, maximum: 255 } as const;

export const SERVE_AXON_BODY = {
  type: 'object',
  additionalProperties: false,
  required: ['wallet_name', 'hotkey_name', 'transaction_data'],
  properties: {
    wallet_name: KEY_NAME_SCHEMA,
    hotkey_name: KEY_NAME_SCHEMA,
    transaction_data: {
      type: 'object',
      additionalProperties: false,
      required: ['netuid', 'ip', 'port'],
      properties: {
        netuid: U16_SCHEMA,
        ip: { type: 'string', minLength: 2, maxLength: 45, description: 'IPv4 or IPv6 address.' },
        port: { type: 'integer', minimum: 1, maximum: 65535 },
        protocol: { ...U8_SCHEMA, default: 4 },
        version: { type: 'integer', minimum: 0, maximum: 4294967295, default: 0 },
        placeholder1: { ...U8_SCHEMA, default: 0 },
        placeholder2: { ...U8_SCHEMA, default: 0 },
        ...WAIT_PROPERTIES,
      },
    },
  },
} as const;

export const SERVE_AXON_ROUTE_SCHEMA = {
  summary: 'Publish a hotkey axon address on chain (skipped when the chain already holds it)',
  tags: ['wallet'],
  security: [{ bearerAuth: [] }],
  body: SERVE_AXON_BODY,
  response: {
    200: {
      ...TX_RESPONSE_SCHEMA,
      properties: {
        ...TX_RESPONSE_SCHEMA.properties,
        skipped: { type: 'boolean' },
        reason: { type: 'string' },
      },
      required: ['success'],
    },
    ...errorResponses(400, 401, 404, 422, 503, 504),
  },
};
