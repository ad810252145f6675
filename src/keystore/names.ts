import { InvalidKeyNameError } from './errors.js';

/** Which kind of name is checked; it appears in the error message. */
export type NameKind = 'wallet' | 'hotkey';

/**
 * Returns why `name` cannot be used as one path component inside the wallet
 * root, or `undefined` when it can.
 */
export function nameProblem(name: string): string | undefined {
  if (name.length === 0) {
    return 'is empty';
  }
  if (name === '.' || name.includes('..')) {
    return 'contains "." or ".." that could leave the wallet directory';
  }
  if (/[/\\\0]/.test(name)) {
    return 'contains a path separator or NUL byte';
  }
  return undefined;
}

/** Throws `InvalidKeyNameError` unless `name` is a single safe path component. */
export function assertValidName(name: string, kind: NameKind): void {
  const problem = nameProblem(name);
  if (problem !== undefined) {
    throw new InvalidKeyNameError(
      `Invalid ${kind} name ${JSON.stringify(name)}: it ${problem}; use a plain file name`,
    );
  }
}
