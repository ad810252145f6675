/**
 * Wallet and hotkey names as btcli creates them. The pattern rules out path
 * separators and leading dots, so a name can never leave the wallet folder.
 */
export const KEY_NAME_SCHEMA = {
  type: 'string',
  pattern: '^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$',
  description:
    'Wallet or hotkey name: letters, digits, `_`, `.`, `-`; no leading dot; at most 64 characters.',
} as const;

export const U16_SCHEMA = { type: 'integer', minimum: 0, maximum: 65535 } as const;

/** Largest uid list accepted; Subtensor subnets hold at most 4096 neurons. */
export const MAX_UIDS = 4096;

/** u64 as a JSON integer (up to 2^53 - 1) or as a decimal string for larger values. */
export const U64_SCHEMA = {
  anyOf: [
    { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER },
    { type: 'string', pattern: '^(0|[1-9][0-9]{0,19})$' },
  ],
} as const;

export const ERROR_RESPONSE_SCHEMA = {
  type: 'object',
  properties: {
    success: { type: 'boolean', const: false },
    error: {
      type: 'object',
      properties: {
        type: { type: 'string' },
        code: { type: 'string' },
        message: { type: 'string' },
        chain_error: { type: 'string' },
        chain_pallet: { type: 'string' },
        tx_hash: { type: 'string' },
      },
      required: ['type', 'code', 'message'],
    },
    request_id: { type: 'string' },
  },
  required: ['success', 'error'],
} as const;

/** Response schemas for the given error statuses, all in the error body's shape. */
export function errorResponses<const Statuses extends readonly number[]>(
  ...statuses: Statuses
): Record<Statuses[number], typeof ERROR_RESPONSE_SCHEMA> {
  return Object.fromEntries(statuses.map((status) => [status, ERROR_RESPONSE_SCHEMA])) as Record<
    Statuses[number],
    typeof ERROR_RESPONSE_SCHEMA
  >;
}

/** `wait_for_inclusion` and `wait_for_finalization` of every transaction body. */
export const WAIT_PROPERTIES = {
  wait_for_inclusion: { type: 'boolean', default: false },
  wait_for_finalization: { type: 'boolean', default: false },
} as const;
