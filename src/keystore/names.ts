import { InvalidKeyNameError } from './errors.js';

/** Kind of the checked name, used in the error message. */
export type NameKind = 'wallet' | 'hotkey';

/** Maximum file name length of ext4 and most other Linux file systems, in bytes. */
const MAX_NAME_BYTES = 255;

/**
 * Returns why `name` cannot be used as one path component inside the wallet
 * root, or `undefined` when it can. Control characters are rejected too,
 * because names end up in log lines and error messages.
 */
export function nameProblem(name: string): string | undefined {
  if (name.length === 0) {
    return 'is empty';
  }
  if (name === '.' || name === '..') {
    return 'is "." or "..", which would leave the wallet directory';
  }
  if (/[/\\]/.test(name)) {
    return 'contains a path separator';
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) {
    return 'contains a control character';
  }
  if (Buffer.byteLength(name, 'utf8') > MAX_NAME_BYTES) {
    return `is longer than ${MAX_NAME_BYTES} bytes`;
  }
  return undefined;
}

/** Quotes a name for a message, cut short so a huge request value cannot flood the logs. */
function quoteName(name: string): string {
  const truncated = name.length > 64 ? `${name.slice(0, 64)}...` : name;
  return JSON.stringify(truncated);
}

/** Throws `InvalidKeyNameError` unless `name` is a single safe path component. */
export function assertValidName(name: string, kind: NameKind): void {
  const problem = nameProblem(name);
  if (problem !== undefined) {
    throw new InvalidKeyNameError(
      `Invalid ${kind} name ${quoteName(name)}: it ${problem}; use a plain file name`,
    );
  }
}
