import { KEY_NAME_SCHEMA } from './common.js';
import {
  RAO_SCHEMA,
  SS58_SCHEMA,
  TX_ERROR_RESPONSES,
  VALUE_TX_RESPONSE_SCHEMA,
  WAIT_PROPERTIES,
} from './transaction-common.js';
import type { TransferKind } from '../../chain/transfer-calls.js';

export interface TransferBody {
  wallet_name: string;
  transaction_data: {
    destination: string;
    kind?: TransferKind;
    amount?: number | string;
    keep_alive?: boolean;
    wait_for_inclusion?: boolean;
    wait_for_finalization?: boolean;
  };
}

export const TRANSFER_ROUTE_SCHEMA = {
  summary: "Transfer TAO from the wallet's coldkey (keep_alive, allow_death or all)",
  description:
    "Needs the token operation transfer and coldkey: true, and the wallet's coldkey policy. Kind all counts the whole free balance against the policy.",
  tags: ['wallet'],
  security: [{ bearerAuth: [] }],
  body: {
    type: 'object',
    additionalProperties: false,
    required: ['wallet_name', 'transaction_data'],
    properties: {
      wallet_name: KEY_NAME_SCHEMA,
      transaction_data: {
        type: 'object',
        additionalProperties: false,
        required: ['destination'],
        properties: {
          destination: SS58_SCHEMA,
          kind: {
            type: 'string',
            enum: ['keep_alive', 'allow_death', 'all'],
            default: 'keep_alive',
            description:
              '`keep_alive` keeps the existential deposit, `allow_death` may empty the account, `all` sends the whole free balance.',
          },
          amount: {
            ...RAO_SCHEMA,
            description: 'Required unless kind is all. ' + RAO_SCHEMA.description,
          },
          keep_alive: {
            type: 'boolean',
            description: 'Only with kind all: keep the existential deposit; default true.',
          },
          ...WAIT_PROPERTIES,
        },
      },
    },
  },
  response: { 200: VALUE_TX_RESPONSE_SCHEMA, ...TX_ERROR_RESPONSES },
};
