import { KEY_NAME_SCHEMA } from './common.js';
import { TX_RESPONSE_SCHEMA } from './set-weights.js';
import { TX_ERROR_RESPONSES, WAIT_PROPERTIES } from './transaction-common.js';

export interface SubmitBody {
  wallet_name: string;
  hotkey_name?: string;
  key: 'hotkey' | 'coldkey';
  pallet: string;
  call: string;
  args: unknown[] | Record<string, unknown>;
  wait_for_inclusion?: boolean;
  wait_for_finalization?: boolean;
}

/** The permission rule of `/wallet/submit`, shown in the OpenAPI document. */
const SUBMIT_RULES = [
  'Arguments are checked against the connected runtime: an unknown call is 422 UNSUPPORTED_CALL, a missing, unknown or invalid argument is 400 naming it.',
  'Token rule: a hotkey call needs the operation that covers it (set_weights, commit_weights or serve_axon for the weight and serving calls), any other hotkey call needs admin.',
  'A coldkey call needs admin and a token with coldkey: true, then passes the coldkey policy: transfers, stake, unstake and burned_register are measured and counted like their routes,',
  'and any other coldkey call is allowed only when the wallet policy is enabled and sets no limits, since none could be checked.',
].join(' ');

const CALL_NAME_SCHEMA = { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9_]{0,63}$' } as const;

export const SUBMIT_ROUTE_SCHEMA = {
  summary:
    'Sign and submit any call of the runtime with a hotkey or coldkey, arguments checked against metadata',
  description: SUBMIT_RULES,
  tags: ['wallet'],
  security: [{ bearerAuth: [] }],
  body: {
    type: 'object',
    additionalProperties: false,
    required: ['wallet_name', 'key', 'pallet', 'call', 'args'],
    properties: {
      wallet_name: KEY_NAME_SCHEMA,
      hotkey_name: { ...KEY_NAME_SCHEMA, description: 'Required when key is hotkey.' },
      key: { type: 'string', enum: ['hotkey', 'coldkey'] },
      pallet: {
        ...CALL_NAME_SCHEMA,
        description: 'Pallet, as `SubtensorModule` or `subtensorModule`.',
      },
      call: { ...CALL_NAME_SCHEMA, description: 'Call, as `serve_axon` or `serveAxon`.' },
      args: {
        type: ['object', 'array'],
        maxItems: 64,
        maxProperties: 64,
        description: 'Arguments by name (snake_case or camelCase) or in metadata order.',
      },
      ...WAIT_PROPERTIES,
    },
  },
  response: {
    200: {
      ...TX_RESPONSE_SCHEMA,
      properties: {
        ...TX_RESPONSE_SCHEMA.properties,
        pallet: { type: 'string' },
        call: { type: 'string' },
        amount_rao: { type: 'string' },
      },
    },
    ...TX_ERROR_RESPONSES,
  },
};
