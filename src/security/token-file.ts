import { parseDocument } from 'yaml';
import type { ColdkeyPolicy } from './coldkey-policy.js';
import { TokenFileError } from './errors.js';
import { describeValue, expectRecord, rejectUnknownKeys } from './file-fields.js';
import { parsePolicySection } from './policy-section.js';
import { parseTokenRecord, type TokenRecord } from './token-record.js';

const TOP_LEVEL_FIELDS = ['tokens', 'policy'] as const;

/** Validated content of a token file. */
export interface TokenFile {
  /** Tokens by id, in file order. */
  readonly tokens: ReadonlyMap<string, TokenRecord>;
  readonly policy: ColdkeyPolicy;
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let index = 0; index < offset && index < text.length; index++) {
    if (text[index] === '\n') {
      line++;
    }
  }
  return line;
}

/**
 * Parses YAML or JSON (a subset of YAML). Syntax errors report the line but
 * not the source text, in case a secret was pasted into the file.
 */
function parseYamlText(text: string, source: string): unknown {
  const document = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  const first = document.errors[0];
  if (first !== undefined) {
    const line = lineOf(text, first.pos[0]);
    throw new TokenFileError(
      `${source}: line ${line}: ${first.message}; fix the YAML or JSON syntax`,
    );
  }
  return document.toJS();
}

function parseTokens(value: unknown): Map<string, TokenRecord> {
  const tokens = new Map<string, TokenRecord>();
  if (value === undefined || value === null) {
    return tokens;
  }
  if (!Array.isArray(value)) {
    throw new TokenFileError(`field tokens must be a list, not ${describeValue(value)}`);
  }
  value.forEach((entry: unknown, index) => {
    const record = parseTokenRecord(entry, index);
    if (tokens.has(record.id)) {
      throw new TokenFileError(
        `token ${record.id}: id is used by more than one token; give each token its own id`,
      );
    }
    tokens.set(record.id, record);
  });
  return tokens;
}

/** Validates the text of a token file; errors start with `source` and name the token and field. */
export function parseTokenFile(text: string, source: string): TokenFile {
  const content = parseYamlText(text, source);
  try {
    if (content === undefined || content === null) {
      return Object.freeze({ tokens: new Map(), policy: parsePolicySection(undefined) });
    }
    const root = expectRecord(content, 'token file', 'top level');
    rejectUnknownKeys(root, TOP_LEVEL_FIELDS, 'token file');
    return Object.freeze({
      tokens: parseTokens(root.tokens),
      policy: parsePolicySection(root.policy),
    });
  } catch (error) {
    if (error instanceof TokenFileError) {
      throw new TokenFileError(`${source}: ${error.message}`);
    }
    throw error;
  }
}
