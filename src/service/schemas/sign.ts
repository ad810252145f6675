import { errorResponses, KEY_NAME_SCHEMA } from './common.js';

/** Most messages one sign request may carry; a validator step over a full subnet needs 4096. */
export const MAX_MESSAGES = 4096;
/** Longest message accepted, in characters of its text or hex form. */
export const MAX_MESSAGE_LENGTH = 65536;

export interface MessageInput {
  data: string;
  encoding?: 'utf8' | 'hex';
}

export interface SignBody {
  wallet_name: string;
  hotkey_name: string;
  messages: MessageInput[];
}

export interface VerifyBody {
  address: string;
  message: MessageInput;
  signature: string;
}

const MESSAGE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['data'],
  properties: {
    data: { type: 'string', maxLength: MAX_MESSAGE_LENGTH },
    encoding: {
      type: 'string',
      enum: ['utf8', 'hex'],
      default: 'utf8',
      description:
        '`utf8` signs the UTF-8 bytes of `data`; `hex` signs the bytes of 0x-prefixed hex.',
    },
  },
} as const;

export const SIGN_ROUTE_SCHEMA = {
  summary: 'Sign one or more messages with a hotkey held by the service (sr25519)',
  tags: ['wallet'],
  security: [{ bearerAuth: [] }],
  body: {
    type: 'object',
    additionalProperties: false,
    required: ['wallet_name', 'hotkey_name', 'messages'],
    properties: {
      wallet_name: KEY_NAME_SCHEMA,
      hotkey_name: KEY_NAME_SCHEMA,
      messages: { type: 'array', items: MESSAGE_SCHEMA, minItems: 1, maxItems: MAX_MESSAGES },
    },
  },
  response: {
    200: {
      type: 'object',
      properties: {
        success: { type: 'boolean' },
        signer: { type: 'string' },
        signatures: { type: 'array', items: { type: 'string' } },
        request_id: { type: 'string' },
      },
      required: ['success', 'signer', 'signatures'],
    },
    ...errorResponses(400, 401, 404, 422),
  },
};

export const VERIFY_ROUTE_SCHEMA = {
  summary: 'Verify a signature made by an SS58 address (sr25519, ed25519 or ecdsa)',
  tags: ['wallet'],
  security: [{ bearerAuth: [] }],
  body: {
    type: 'object',
    additionalProperties: false,
    required: ['address', 'message', 'signature'],
    properties: {
      address: { type: 'string', minLength: 40, maxLength: 60 },
      message: MESSAGE_SCHEMA,
      signature: { type: 'string', pattern: '^0x[0-9a-fA-F]{128,130}$' },
    },
  },
  response: {
    200: {
      type: 'object',
      properties: {
        success: { type: 'boolean' },
        valid: { type: 'boolean' },
        crypto: { type: 'string' },
        request_id: { type: 'string' },
      },
      required: ['success', 'valid'],
    },
    ...errorResponses(400, 401),
  },
};
