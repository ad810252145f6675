import { existsSync } from 'node:fs';
import path from 'node:path';
import { Document, isMap, isSeq, parseDocument, type YAMLMap, type YAMLSeq } from 'yaml';
import { TokenFileError } from './errors.js';
import { DEFAULT_SCRYPT_PARAMS, hashSecret, type ScryptParams } from './secret-hash.js';
import { parseTokenFile, type TokenFile } from './token-file.js';
import { readTokenFileText, writeFileAtomic } from './token-file-io.js';
import { generateTokenSecret } from './token-secret.js';

/** Settings of a new token, as given on the command line. */
export interface NewTokenSpec {
  id: string;
  wallets: readonly string[];
  hotkeys: readonly string[];
  operations: readonly string[];
  coldkey: boolean;
  requestsPerMinute?: number;
  netuids?: readonly number[];
}

export interface TokenAdminOptions {
  /** Accept an existing file that group or others can access. */
  allowInsecurePermissions?: boolean;
  /** Time written to `created_at` or `revoked_at`; defaults to now. */
  now?: Date;
  /** Cost of the new hash; tests lower it. */
  scrypt?: ScryptParams;
}

const FILE_HEADER = ` Manage service tokens, edited by scripts/manage_tokens.sh.
 Only scrypt hashes of the secrets are stored here, never the secrets.
 Send SIGHUP to the service after editing, so it reloads this file.`;

interface LoadedDocument {
  document: Document;
  parsed: TokenFile;
  json: boolean;
}

function isJsonFile(file: string, text: string): boolean {
  return path.extname(file).toLowerCase() === '.json' || /^\s*[{[]/.test(text);
}

/** Reads and validates a token file for editing; a missing file becomes an empty one. */
function loadDocument(file: string, options: TokenAdminOptions, create: boolean): LoadedDocument {
  if (create && !existsSync(file)) {
    const document = new Document({ tokens: [] });
    document.commentBefore = FILE_HEADER;
    return { document, parsed: parseTokenFile('', file), json: isJsonFile(file, '') };
  }
  const text = readTokenFileText(file, options);
  const parsed = parseTokenFile(text, file);
  const document = parseDocument(text, { prettyErrors: false });
  return { document, parsed, json: isJsonFile(file, text) };
}

/**
 * Serializes the edited document, validates the result and replaces the file.
 * NOTE: no lock is taken, so two edits running at once can lose one of them.
 */
function saveDocument(file: string, loaded: LoadedDocument): TokenFile {
  const text = loaded.json
    ? `${JSON.stringify(loaded.document.toJS(), null, 2)}\n`
    : loaded.document.toString();
  const parsed = parseTokenFile(text, file);
  writeFileAtomic(file, text);
  return parsed;
}

function tokenSequence(document: Document): YAMLSeq {
  if (document.contents === null) {
    document.contents = document.createNode({ tokens: [] }) as never;
  }
  let tokens = document.get('tokens');
  if (!isSeq(tokens)) {
    tokens = document.createNode([]);
    document.set('tokens', tokens);
  }
  const sequence = tokens as YAMLSeq;
  if (sequence.items.length === 0) {
    sequence.flow = false;
  }
  return sequence;
}

function tokenEntry(spec: NewTokenSpec, secretHash: string, createdAt: string) {
  const limits: Record<string, unknown> = {};
  if (spec.requestsPerMinute !== undefined) {
    limits.requests_per_minute = spec.requestsPerMinute;
  }
  if (spec.netuids !== undefined) {
    limits.netuids = [...spec.netuids];
  }
  return {
    id: spec.id,
    secret_hash: secretHash,
    created_at: createdAt,
    wallets: [...spec.wallets],
    hotkeys: [...spec.hotkeys],
    operations: [...spec.operations],
    coldkey: spec.coldkey,
    ...(Object.keys(limits).length > 0 ? { limits } : {}),
  };
}

/** Writes short lists on one line, as a person would. */
function useFlowForLists(node: YAMLMap): void {
  for (const pair of node.items) {
    if (isSeq(pair.value) || isMap(pair.value)) {
      pair.value.flow = true;
    }
  }
}

/**
 * Adds a token to the file (created with mode 0600 when missing) and returns
 * its secret. Only the scrypt hash is written, so the returned secret is the
 * only copy.
 */
export function createToken(
  file: string,
  spec: NewTokenSpec,
  options: TokenAdminOptions = {},
): string {
  const loaded = loadDocument(file, options, true);
  if (loaded.parsed.tokens.has(spec.id)) {
    throw new TokenFileError(
      `token id ${spec.id} already exists in ${file}; pick another id, because ids stay ` +
        'reserved after revocation to keep the audit log unambiguous',
    );
  }
  const secret = generateTokenSecret(spec.id);
  const secretHash = hashSecret(secret, options.scrypt ?? DEFAULT_SCRYPT_PARAMS);
  const createdAt = (options.now ?? new Date()).toISOString();
  const node = loaded.document.createNode(tokenEntry(spec, secretHash, createdAt)) as YAMLMap;
  useFlowForLists(node);
  tokenSequence(loaded.document).add(node);
  saveDocument(file, loaded);
  return secret;
}

export interface RevokeResult {
  revokedAt: string;
  /** True when the token was revoked before; the file is then left unchanged. */
  alreadyRevoked: boolean;
}

/** Marks a token revoked by setting `revoked_at`; the entry stays so its id is not reused. */
export function revokeToken(
  file: string,
  id: string,
  options: TokenAdminOptions = {},
): RevokeResult {
  const loaded = loadDocument(file, options, false);
  const record = loaded.parsed.tokens.get(id);
  if (record === undefined) {
    const known = [...loaded.parsed.tokens.keys()].join(', ') || 'none';
    throw new TokenFileError(`token id ${id} is not in ${file}; known ids: ${known}`);
  }
  if (record.revokedAt !== undefined) {
    return { revokedAt: record.revokedAt, alreadyRevoked: true };
  }
  const revokedAt = (options.now ?? new Date()).toISOString();
  const entry = tokenSequence(loaded.document).items.find(
    (item) => isMap(item) && item.get('id') === id,
  );
  if (!isMap(entry)) {
    throw new TokenFileError(`token id ${id} in ${file} is not a plain mapping; edit it by hand`);
  }
  entry.set('revoked_at', revokedAt);
  saveDocument(file, loaded);
  return { revokedAt, alreadyRevoked: false };
}

/** Reads and validates a token file for listing. */
export function readTokens(file: string, options: TokenAdminOptions = {}): TokenFile {
  return loadDocument(file, options, false).parsed;
}
