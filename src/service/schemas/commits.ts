import { errorResponses, KEY_NAME_SCHEMA, U16_SCHEMA } from './common.js';
import {
  COMMIT_FIELDS_SCHEMA,
  RATE_LIMITED_RESPONSE_SCHEMA,
  TX_RESPONSE_SCHEMA,
  WEIGHTS_DATA_PROPERTIES,
  WEIGHTS_FORMAT_RULE,
  type SetWeightsBody,
} from './set-weights.js';

/** Most salt values accepted; the SDK uses 8. */
export const MAX_SALT_LENGTH = 32;

export interface CommitWeightsBody extends SetWeightsBody {
  transaction_data: SetWeightsBody['transaction_data'] & { salt?: number[] };
}

export interface RevealWeightsBody {
  wallet_name: string;
  hotkey_name: string;
  transaction_data: {
    netuid: number;
    commit_id?: number;
    commit_hash?: string;
    wait_for_finalization?: boolean;
  };
}

export interface CommitsQuery {
  wallet_name: string;
  hotkey_name?: string;
  netuid?: number;
  state?: string;
  limit?: number;
}

const COMMIT_STATE_SCHEMA = {
  type: 'string',
  enum: ['committing', 'committed', 'revealing', 'revealed', 'failed', 'expired'],
} as const;

const COMMIT_ERRORS = {
  ...errorResponses(400, 401, 404, 409, 422),
  429: RATE_LIMITED_RESPONSE_SCHEMA,
  ...errorResponses(503, 504),
} as const;

export const COMMIT_WEIGHTS_ROUTE_SCHEMA = {
  summary:
    'Commit a hash of weights (commit-reveal v2); the service reveals it in the reveal epoch',
  description:
    'Computes blake2b-256 of (hotkey, storage index, uids, values, salt, version_key) as Subtensor does, stores the commit with its salt, sends `commit_weights` (or `commit_mechanism_weights` with `mechid`) and waits for its block. The reveal scheduler then sends `reveal_weights` in epoch commit_epoch + RevealPeriodEpochs.',
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
        required: ['netuid', 'uids', 'weights'],
        properties: {
          ...WEIGHTS_DATA_PROPERTIES,
          salt: {
            type: 'array',
            items: U16_SCHEMA,
            minItems: 1,
            maxItems: MAX_SALT_LENGTH,
            description: 'u16 salt values; 8 random values from the system CSPRNG when absent.',
          },
        },
        ...WEIGHTS_FORMAT_RULE,
      },
    },
  },
  response: {
    200: {
      ...TX_RESPONSE_SCHEMA,
      properties: {
        ...TX_RESPONSE_SCHEMA.properties,
        call: { type: 'string' },
        ...COMMIT_FIELDS_SCHEMA,
      },
    },
    ...COMMIT_ERRORS,
  },
};

export const REVEAL_WEIGHTS_ROUTE_SCHEMA = {
  summary: 'Reveal a stored weight commit now',
  description:
    'Sends `reveal_weights` for a commit this service stored, found by `commit_id` or `commit_hash`, and waits for its block. The reveal window must be open: the chain accepts a reveal only in epoch commit_epoch + RevealPeriodEpochs.',
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
        required: ['netuid'],
        properties: {
          netuid: U16_SCHEMA,
          commit_id: { type: 'integer', minimum: 1 },
          commit_hash: { type: 'string', pattern: '^0x[0-9a-fA-F]{64}$' },
          wait_for_finalization: { type: 'boolean', default: false },
        },
        oneOf: [{ required: ['commit_id'] }, { required: ['commit_hash'] }],
      },
    },
  },
  response: {
    200: {
      ...TX_RESPONSE_SCHEMA,
      properties: {
        ...TX_RESPONSE_SCHEMA.properties,
        call: { type: 'string' },
        ...COMMIT_FIELDS_SCHEMA,
      },
    },
    ...COMMIT_ERRORS,
  },
};

const COMMIT_ITEM_SCHEMA = {
  type: 'object',
  properties: {
    ...COMMIT_FIELDS_SCHEMA,
    commit_state: COMMIT_STATE_SCHEMA,
    netuid: { type: 'integer' },
    mechid: { type: ['integer', 'null'] },
    hotkey: { type: 'string', description: 'SS58 address of the hotkey.' },
    uids: { type: 'array', items: { type: 'integer' } },
    weights: { type: 'array', items: { type: 'integer' } },
    version_key: { type: 'string' },
    commit_tx_hash: { type: ['string', 'null'] },
    reveal_tx_hash: { type: ['string', 'null'] },
    reveal_block: { type: ['integer', 'null'] },
    reveal_attempts: { type: 'integer' },
    error: { type: ['string', 'null'] },
    created_at: { type: 'string' },
    updated_at: { type: 'string' },
  },
} as const;

export const LIST_COMMITS_ROUTE_SCHEMA = {
  summary: 'Weight commits (commit-reveal v2) this service stored for a hotkey, newest first',
  tags: ['wallet'],
  security: [{ bearerAuth: [] }],
  querystring: {
    type: 'object',
    additionalProperties: false,
    required: ['wallet_name'],
    properties: {
      wallet_name: KEY_NAME_SCHEMA,
      hotkey_name: { ...KEY_NAME_SCHEMA, default: 'default' },
      netuid: U16_SCHEMA,
      state: COMMIT_STATE_SCHEMA,
      limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
    },
  },
  response: {
    200: {
      type: 'object',
      properties: {
        success: { type: 'boolean' },
        commits: { type: 'array', items: COMMIT_ITEM_SCHEMA },
        request_id: { type: 'string' },
      },
      required: ['success', 'commits'],
    },
    ...errorResponses(400, 401, 403),
  },
};
