import { KEY_NAME_SCHEMA, U16_SCHEMA } from './common.js';
import { TX_RESPONSE_SCHEMA } from './set-weights.js';
import { TX_ERROR_RESPONSES, WAIT_PROPERTIES } from './transaction-common.js';

export interface ServePrometheusBody {
  wallet_name: string;
  hotkey_name: string;
  transaction_data: {
    netuid: number;
    ip: string;
    port: number;
    version?: number;
    wait_for_inclusion?: boolean;
    wait_for_finalization?: boolean;
  };
}

export const SERVING_PROPERTIES = {
  netuid: U16_SCHEMA,
  ip: { type: 'string', minLength: 2, maxLength: 45, description: 'IPv4 or IPv6 address.' },
  port: { type: 'integer', minimum: 1, maximum: 65535 },
  version: { type: 'integer', minimum: 0, maximum: 4294967295, default: 0 },
} as const;

export const SERVE_PROMETHEUS_ROUTE_SCHEMA = {
  summary: "Publish a hotkey's Prometheus metrics address on chain",
  tags: ['wallet'],
  security: [{ bearerAuth: [] }],
  body: {
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
        properties: { ...SERVING_PROPERTIES, ...WAIT_PROPERTIES },
      },
    },
  },
  response: { 200: TX_RESPONSE_SCHEMA, ...TX_ERROR_RESPONSES },
};
