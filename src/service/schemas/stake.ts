import { KEY_NAME_SCHEMA, U16_SCHEMA } from './common.js';
import {
  RAO_SCHEMA,
  SS58_SCHEMA,
  TX_ERROR_RESPONSES,
  VALUE_TX_RESPONSE_SCHEMA,
  WAIT_PROPERTIES,
} from './transaction-common.js';

export interface StakeBody {
  wallet_name: string;
  hotkey_name?: string;
  transaction_data: {
    hotkey?: string;
    netuid?: number;
    amount: number | string;
    limit_price?: number | string;
    allow_partial?: boolean;
    wait_for_inclusion?: boolean;
    wait_for_finalization?: boolean;
  };
}

const STAKE_BODY = {
  type: 'object',
  additionalProperties: false,
  required: ['wallet_name', 'transaction_data'],
  properties: {
    wallet_name: KEY_NAME_SCHEMA,
    hotkey_name: { ...KEY_NAME_SCHEMA, description: 'Hotkey of the wallet to stake to.' },
    transaction_data: {
      type: 'object',
      additionalProperties: false,
      required: ['amount'],
      properties: {
        hotkey: {
          ...SS58_SCHEMA,
          description: 'Hotkey to stake to, when not named by hotkey_name.',
        },
        netuid: {
          ...U16_SCHEMA,
          description: 'Subnet of the stake; required by runtimes whose call takes one.',
        },
        amount: RAO_SCHEMA,
        limit_price: {
          ...RAO_SCHEMA,
          description: 'Rao per alpha; selects add_stake_limit or remove_stake_limit.',
        },
        allow_partial: { type: 'boolean', description: 'Only with limit_price; default false.' },
        ...WAIT_PROPERTIES,
      },
    },
  },
} as const;

function stakeRouteSchema(summary: string) {
  return {
    summary,
    description:
      "Needs the token operation stake and coldkey: true, and the wallet's coldkey policy. The call's arguments follow the runtime: spec 103 takes no netuid, newer runtimes require one.",
    tags: ['wallet'],
    security: [{ bearerAuth: [] }],
    body: STAKE_BODY,
    response: { 200: VALUE_TX_RESPONSE_SCHEMA, ...TX_ERROR_RESPONSES },
  };
}

export const ADD_STAKE_ROUTE_SCHEMA = stakeRouteSchema(
  "Stake TAO from the wallet's coldkey to a hotkey (add_stake or add_stake_limit)",
);
export const REMOVE_STAKE_ROUTE_SCHEMA = stakeRouteSchema(
  "Unstake from a hotkey back to the wallet's coldkey (remove_stake or remove_stake_limit)",
);
