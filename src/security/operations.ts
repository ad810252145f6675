/**
 * Operations a token can be granted. `stake` covers both staking and
 * unstaking. `admin` is for service management routes, not chain calls.
 */
export const OPERATIONS = [
  'set_weights',
  'serve_axon',
  'sign',
  'commit_weights',
  'stake',
  'transfer',
  'register',
  'admin',
] as const;

export type Operation = (typeof OPERATIONS)[number];

export function isOperation(value: unknown): value is Operation {
  return typeof value === 'string' && (OPERATIONS as readonly string[]).includes(value);
}
