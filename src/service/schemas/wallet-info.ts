import { errorResponses, KEY_NAME_SCHEMA } from './common.js';

export interface WalletInfoQuery {
  wallet_name: string;
  hotkey_name?: string;
}

const KEY_STATUS_SCHEMA = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    address: { type: 'string', description: 'SS58 address (prefix 42); absent when unknown.' },
    can_sign: { type: 'boolean' },
    error: {
      type: 'object',
      properties: { code: { type: 'string' }, message: { type: 'string' } },
    },
  },
  required: ['name', 'can_sign'],
} as const;

export const WALLET_INFO_ROUTE_SCHEMA = {
  summary: 'Public addresses of a wallet and whether the service can sign with its keys',
  tags: ['wallet'],
  security: [{ bearerAuth: [] }],
  querystring: {
    type: 'object',
    additionalProperties: false,
    required: ['wallet_name'],
    properties: {
      wallet_name: KEY_NAME_SCHEMA,
      hotkey_name: { ...KEY_NAME_SCHEMA, default: 'default' },
    },
  },
  response: {
    200: {
      type: 'object',
      properties: {
        wallet_name: { type: 'string' },
        coldkey: KEY_STATUS_SCHEMA,
        hotkey: KEY_STATUS_SCHEMA,
      },
      required: ['wallet_name', 'coldkey', 'hotkey'],
    },
    ...errorResponses(400, 401, 404),
  },
};
