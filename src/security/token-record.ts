import { nameProblem } from '../keystore/names.js';
import { TokenFileError } from './errors.js';
import {
  expectRecord,
  fieldError,
  readBoolean,
  readInteger,
  readNetuids,
  readStringList,
  readTimestamp,
  rejectUnknownKeys,
} from './file-fields.js';
import { OPERATIONS, isOperation, type Operation } from './operations.js';
import { WILDCARD, type TokenLimits, type TokenScope } from './scope.js';
import { parseSecretHash, type SecretHash } from './secret-hash.js';
import { SECRET_PREFIX, tokenIdProblem } from './token-secret.js';

const TOKEN_FIELDS = [
  'id',
  'secret_hash',
  'created_at',
  'wallets',
  'hotkeys',
  'operations',
  'coldkey',
  'limits',
  'disabled',
  'revoked_at',
] as const;

const LIMIT_FIELDS = ['requests_per_minute', 'netuids'] as const;

const MAX_REQUESTS_PER_MINUTE = 1_000_000;

/** One entry of the token file after validation. */
export interface TokenRecord {
  readonly id: string;
  readonly secretHash: SecretHash;
  readonly scope: TokenScope;
  readonly disabled: boolean;
  /** Any value revokes the token; the time is kept for the record. */
  readonly revokedAt?: string;
  readonly createdAt?: string;
}

export type TokenStatus = 'active' | 'disabled' | 'revoked';

export function tokenStatus(record: TokenRecord): TokenStatus {
  if (record.revokedAt !== undefined) {
    return 'revoked';
  }
  return record.disabled ? 'disabled' : 'active';
}

function walletEntryProblem(entry: string): string | undefined {
  if (entry === WILDCARD) {
    return undefined;
  }
  if (entry.includes(WILDCARD)) {
    return 'mixes "*" with a name; use "*" alone for every wallet';
  }
  const problem = nameProblem(entry);
  return problem === undefined ? undefined : `is not a wallet name: it ${problem}`;
}

function hotkeyEntryProblem(entry: string, wallets: readonly string[]): string | undefined {
  if (entry === WILDCARD) {
    return undefined;
  }
  const slash = entry.indexOf('/');
  if (slash < 0) {
    return 'is not of the form wallet/hotkey, wallet/* or *';
  }
  const wallet = entry.slice(0, slash);
  const hotkey = entry.slice(slash + 1);
  if (wallet === WILDCARD || wallet.includes(WILDCARD) || nameProblem(wallet) !== undefined) {
    return 'does not start with a wallet name; use wallet/hotkey, wallet/* or *';
  }
  if (hotkey !== WILDCARD && (hotkey.includes(WILDCARD) || nameProblem(hotkey) !== undefined)) {
    return 'does not end with a hotkey name or "*"; use wallet/hotkey, wallet/* or *';
  }
  if (!wallets.includes(WILDCARD) && !wallets.includes(wallet)) {
    return `names wallet ${wallet}, which is not in wallets; add it there or remove this entry`;
  }
  return undefined;
}

/**
 * Rejects a list with "*" and other entries, because "*" already covers them
 * and the mix is likely a mistake.
 */
function rejectMixedWildcard(entries: readonly string[], owner: string, field: string): void {
  if (entries.includes(WILDCARD) && entries.length > 1) {
    throw fieldError(owner, field, 'contains "*" and other entries; use "*" alone or list names');
  }
}

function readOperations(value: unknown, owner: string): Operation[] {
  const problem = (item: string) =>
    isOperation(item) ? undefined : `is not an operation; use some of ${OPERATIONS.join(', ')}`;
  const operations = readStringList(value, owner, 'operations', problem);
  if (operations.length === 0) {
    throw fieldError(owner, 'operations', `is empty; list some of ${OPERATIONS.join(', ')}`);
  }
  return operations as Operation[];
}

function readLimits(value: unknown, owner: string): TokenLimits {
  if (value === undefined) {
    return Object.freeze({});
  }
  const record = expectRecord(value, owner, 'limits');
  rejectUnknownKeys(record, LIMIT_FIELDS, owner, 'limits.');
  const limits: { requestsPerMinute?: number; netuids?: readonly number[] } = {};
  if (record.requests_per_minute !== undefined) {
    limits.requestsPerMinute = readInteger(
      record.requests_per_minute,
      owner,
      'limits.requests_per_minute',
      { min: 1, max: MAX_REQUESTS_PER_MINUTE },
    );
  }
  if (record.netuids !== undefined) {
    limits.netuids = Object.freeze(readNetuids(record.netuids, owner, 'limits.netuids'));
  }
  return Object.freeze(limits);
}

function readScope(record: Record<string, unknown>, owner: string): TokenScope {
  const wallets = readStringList(record.wallets, owner, 'wallets', walletEntryProblem);
  if (wallets.length === 0) {
    throw fieldError(owner, 'wallets', 'is empty; list wallet names or "*"');
  }
  rejectMixedWildcard(wallets, owner, 'wallets');
  const hotkeys = readStringList(record.hotkeys ?? [], owner, 'hotkeys', (entry) =>
    hotkeyEntryProblem(entry, wallets),
  );
  rejectMixedWildcard(hotkeys, owner, 'hotkeys');

  return Object.freeze({
    wallets: Object.freeze(wallets),
    hotkeys: Object.freeze(hotkeys),
    operations: Object.freeze(readOperations(record.operations, owner)),
    coldkey: readBoolean(record.coldkey, owner, 'coldkey', false),
    limits: readLimits(record.limits, owner),
  });
}

function readId(record: Record<string, unknown>, position: string): string {
  const id = record.id;
  if (typeof id !== 'string') {
    throw fieldError(position, 'id', 'is missing or not a string; give every token an id');
  }
  const problem = tokenIdProblem(id);
  if (problem !== undefined) {
    // An id that looks like a secret is not echoed.
    const quotedId = id.startsWith(SECRET_PREFIX) ? 'value' : JSON.stringify(id.slice(0, 80));
    throw fieldError(position, 'id', `${quotedId} is invalid: it ${problem}`);
  }
  return id;
}

function readSecretHash(value: unknown, owner: string): SecretHash {
  // The value is never echoed, in case a secret was pasted here by mistake.
  if (typeof value !== 'string') {
    throw fieldError(
      owner,
      'secret_hash',
      'is missing; create tokens with manage_tokens.sh create',
    );
  }
  const parsed = parseSecretHash(value);
  if (typeof parsed === 'string') {
    throw fieldError(owner, 'secret_hash', `${parsed}; create tokens with manage_tokens.sh create`);
  }
  return parsed;
}

/** Validates one entry of `tokens`; `index` counts from 0 and names entries without a valid id. */
export function parseTokenRecord(value: unknown, index: number): TokenRecord {
  const position = `token #${index + 1}`;
  const record = expectRecord(value, position, 'tokens[' + index + ']');
  const id = readId(record, position);
  const owner = `token ${id}`;
  if ('secret' in record) {
    throw new TokenFileError(
      `${owner}: field secret must not be stored; delete it and keep only secret_hash, ` +
        'as manage_tokens.sh create writes it',
    );
  }
  rejectUnknownKeys(record, TOKEN_FIELDS, owner);

  const token: {
    -readonly [K in keyof TokenRecord]: TokenRecord[K];
  } = {
    id,
    secretHash: readSecretHash(record.secret_hash, owner),
    scope: readScope(record, owner),
    disabled: readBoolean(record.disabled, owner, 'disabled', false),
  };
  if (record.revoked_at !== undefined) {
    token.revokedAt = readTimestamp(record.revoked_at, owner, 'revoked_at');
  }
  if (record.created_at !== undefined) {
    token.createdAt = readTimestamp(record.created_at, owner, 'created_at');
  }
  return Object.freeze(token);
}
