import { parseDocument } from 'yaml';
import { PasswordSourceError } from './errors.js';
import { readSecretFile, type SecretFilePolicy } from './file-access.js';
import { nameProblem } from './names.js';

/*
 * Passwords of `$NACL` key files come from two places, never from a prompt:
 *
 * 1. The password file: a YAML mapping (JSON works too, since JSON is YAML)
 *    from a wallet name to its coldkey password. An entry `<wallet>/<hotkey>`
 *    gives the password of an encrypted hotkey. Every value is read as the
 *    exact string written (YAML failsafe schema), so `123456` and `yes` stay
 *    strings. Example:
 *
 *        validator: correct horse battery staple
 *        miner: "s3cret: with colon"
 *        miner/default: hotkey password
 *
 * 2. btwallet's variable `BT_PW_<PATH>`: the absolute path of the key file
 *    with `/` and `.` replaced by `_`, upper-cased. Its value is standard
 *    base64 of the password bytes XOR the variable name bytes (the name
 *    repeated as needed), as btwallet 4.0.0 writes it.
 *
 * The password file wins when both name a key.
 */

/** A password and where it came from; `origin` names the source, never the password. */
export interface FoundPassword {
  bytes: Uint8Array;
  origin: string;
}

/** Passwords known to one keystore load. */
export interface PasswordSources {
  /** Entries of the password file, keyed by `<wallet>` or `<wallet>/<hotkey>`. */
  file: ReadonlyMap<string, string>;
  filePath: string | undefined;
  env: NodeJS.ProcessEnv;
}

/**
 * Returns btwallet's password variable name for a key file at absolute path
 * `keyfilePath`. NOTE: btwallet 4.0.0 uses the wallet path as configured,
 * with only `~` expanded, so a variable made through a relative or symlinked
 * wallet path has another name than the one looked up here.
 */
export function btPasswordVariableName(keyfilePath: string): string {
  return `BT_PW_${keyfilePath.replace(/[/.]/g, '_').toUpperCase()}`;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Decodes the value of a `BT_PW_` variable to the password bytes. */
export function decodeBtPasswordVariable(name: string, value: string): Uint8Array {
  if (value.length === 0 || !BASE64.test(value)) {
    throw new PasswordSourceError(
      `Variable ${name} is not standard base64; set it as btwallet does ` +
        '(base64 of the password XOR the variable name), not to the password itself',
    );
  }

  const bytes = new Uint8Array(Buffer.from(value, 'base64'));
  const nameBytes = new TextEncoder().encode(name);
  for (let i = 0; i < bytes.length; i++) {
    bytes[i] = (bytes[i] ?? 0) ^ (nameBytes[i % nameBytes.length] ?? 0);
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    bytes.fill(0);
    throw new PasswordSourceError(
      `Variable ${name} does not decode to UTF-8 text; set it as btwallet does ` +
        '(base64 of the password XOR the variable name)',
    );
  }
  return bytes;
}

function passwordFileError(path: string, problem: string): PasswordSourceError {
  return new PasswordSourceError(
    `Invalid password file ${path}: ${problem}; write a YAML or JSON mapping of wallet name to password`,
  );
}

function entryKeyProblem(key: string): string | undefined {
  const parts = key.split('/');
  if (parts.length > 2) {
    return 'has more than one "/"';
  }
  for (const part of parts) {
    const problem = nameProblem(part);
    if (problem !== undefined) {
      return problem;
    }
  }
  return undefined;
}

/** Parses password file text; messages name keys and lines, never values. */
export function parsePasswordFile(text: string, path: string): Map<string, string> {
  // The parser's own messages quote the source text, so only its code and
  // position may go into ours.
  const document = parseDocument(text, { schema: 'failsafe', uniqueKeys: true });
  const firstError = document.errors[0];
  if (firstError !== undefined) {
    const line = firstError.linePos?.[0]?.line;
    throw passwordFileError(path, `YAML error ${firstError.code}${line ? ` on line ${line}` : ''}`);
  }

  const content: unknown = document.toJS();
  if (typeof content !== 'object' || content === null || Array.isArray(content)) {
    throw passwordFileError(path, 'the file is not a mapping');
  }

  const entries = new Map<string, string>();
  for (const [key, value] of Object.entries(content)) {
    const keyProblem = entryKeyProblem(key);
    if (keyProblem !== undefined) {
      throw passwordFileError(path, `entry ${JSON.stringify(key)} ${keyProblem}`);
    }
    if (typeof value !== 'string' || value.length === 0) {
      throw passwordFileError(
        path,
        `the value of ${JSON.stringify(key)} is not a non-empty string`,
      );
    }
    entries.set(key, value);
  }
  return entries;
}

/** Reads and parses the password file, with the same permission checks as key files. */
export async function readPasswordFile(
  path: string,
  policy: SecretFilePolicy,
): Promise<Map<string, string>> {
  let content: Uint8Array;
  try {
    content = await readSecretFile(path, policy, 'password file');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new PasswordSourceError(reason, { cause: error });
  }

  try {
    return parsePasswordFile(new TextDecoder().decode(content), path);
  } finally {
    content.fill(0);
  }
}

/**
 * Looks up the password of one key file. `entry` is `<wallet>` for a coldkey
 * and `<wallet>/<hotkey>` for a hotkey. Returns `undefined` when no source
 * has one; throws `PasswordSourceError` for an invalid `BT_PW_` value.
 */
export function findPassword(
  sources: PasswordSources,
  entry: string,
  keyfilePath: string,
): FoundPassword | undefined {
  const fromFile = sources.file.get(entry);
  if (fromFile !== undefined) {
    return {
      bytes: new TextEncoder().encode(fromFile),
      origin: `entry "${entry}" of the password file ${sources.filePath ?? ''}`.trimEnd(),
    };
  }

  const variable = btPasswordVariableName(keyfilePath);
  const value = sources.env[variable];
  if (value !== undefined) {
    return { bytes: decodeBtPasswordVariable(variable, value), origin: `variable ${variable}` };
  }
  return undefined;
}
