import { KEY_NAME_SCHEMA, U16_SCHEMA } from './common.js';
import {
  SS58_SCHEMA,
  TX_ERROR_RESPONSES,
  VALUE_TX_RESPONSE_SCHEMA,
  WAIT_PROPERTIES,
} from './transaction-common.js';

export interface BurnedRegisterBody {
  wallet_name: string;
  hotkey_name?: string;
  transaction_data: {
    netuid: number;
    hotkey?: string;
    wait_for_inclusion?: boolean;
    wait_for_finalization?: boolean;
  };
}

export const BURNED_REGISTER_ROUTE_SCHEMA = {
  summary: "Register a hotkey on a subnet with burned_register, paid by the wallet's coldkey",
  description:
    "Needs the token operation register and coldkey: true, and the wallet's coldkey policy, which counts the subnet's current burn.",
  tags: ['wallet'],
  security: [{ bearerAuth: [] }],
  body: {
    type: 'object',
    additionalProperties: false,
    required: ['wallet_name', 'transaction_data'],
    properties: {
      wallet_name: KEY_NAME_SCHEMA,
      hotkey_name: { ...KEY_NAME_SCHEMA, description: 'Hotkey of the wallet to register.' },
      transaction_data: {
        type: 'object',
        additionalProperties: false,
        required: ['netuid'],
        properties: {
          netuid: U16_SCHEMA,
          hotkey: {
            ...SS58_SCHEMA,
            description: 'Hotkey to register, when not named by hotkey_name.',
          },
          ...WAIT_PROPERTIES,
        },
      },
    },
  },
  response: { 200: VALUE_TX_RESPONSE_SCHEMA, ...TX_ERROR_RESPONSES },
};
