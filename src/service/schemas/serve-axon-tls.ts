import { KEY_NAME_SCHEMA } from './common.js';
import { SERVING_PROPERTIES } from './serve-prometheus.js';
import { TX_RESPONSE_SCHEMA } from './set-weights.js';
import { TX_ERROR_RESPONSES, WAIT_PROPERTIES } from './transaction-common.js';

export interface ServeAxonTlsBody {
  wallet_name: string;
  hotkey_name: string;
  transaction_data: {
    netuid: number;
    ip: string;
    port: number;
    certificate: string;
    protocol?: number;
    version?: number;
    placeholder1?: number;
    placeholder2?: number;
    wait_for_inclusion?: boolean;
    wait_for_finalization?: boolean;
  };
}

const U8_SCHEMA = { type: 'integer', minimum: 0, maximum: 255 } as const;

export const SERVE_AXON_TLS_ROUTE_SCHEMA = {
  summary: 'Publish a hotkey axon address with a TLS certificate (runtimes with serve_axon_tls)',
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
        required: ['netuid', 'ip', 'port', 'certificate'],
        properties: {
          ...SERVING_PROPERTIES,
          protocol: { ...U8_SCHEMA, default: 4 },
          placeholder1: { ...U8_SCHEMA, default: 0 },
          placeholder2: { ...U8_SCHEMA, default: 0 },
          certificate: {
            type: 'string',
            pattern: '^0x([0-9a-fA-F]{2}){1,65}$',
            description: '0x-prefixed hex: one algorithm byte, then up to 64 bytes of public key.',
          },
          ...WAIT_PROPERTIES,
        },
      },
    },
  },
  response: { 200: TX_RESPONSE_SCHEMA, ...TX_ERROR_RESPONSES },
};
