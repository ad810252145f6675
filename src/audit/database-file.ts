import { closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import path from 'node:path';

/** A database path that cannot hold a SQLite file; the message names it and the fix. */
export class DatabasePathError extends Error {
  readonly code = 'DATABASE_PATH_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'DatabasePathError';
  }
}

/** Kernel file systems where a recursive mkdir can spin instead of failing (Node 20). */
const PSEUDO_FILE_SYSTEMS = ['/proc', '/sys'];

function firstExistingAncestor(directory: string): string {
  let current = directory;
  while (!existsSync(current)) {
    current = path.dirname(current);
  }
  return current;
}

/**
 * Makes sure `file` can be a SQLite database of this service: its folder is
 * created (mode 0700) and the file itself is created with mode 0600 before
 * SQLite opens it, so the -wal and -shm files SQLite adds get the same
 * owner-only mode. `setting` names the option to fix in error messages.
 */
export function prepareDatabaseFile(file: string, setting: string): void {
  if (file === ':memory:') {
    return;
  }
  const resolved = path.resolve(file);
  const fix = `set ${setting} to a file in a writable folder`;
  if (PSEUDO_FILE_SYSTEMS.some((root) => resolved === root || resolved.startsWith(`${root}/`))) {
    throw new DatabasePathError(`${setting} ${resolved} is on a kernel file system; ${fix}`);
  }
  const folder = path.dirname(resolved);
  const ancestor = firstExistingAncestor(folder);
  if (!statSync(ancestor).isDirectory()) {
    throw new DatabasePathError(
      `${setting} ${resolved}: ${ancestor} is a file, not a folder; ${fix}`,
    );
  }
  try {
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    if (existsSync(resolved) && statSync(resolved).isDirectory()) {
      throw new DatabasePathError(`${setting} ${resolved} is a folder, not a file; ${fix}`);
    }
    closeSync(openSync(resolved, 'a', 0o600));
  } catch (error) {
    if (error instanceof DatabasePathError) {
      throw error;
    }
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new DatabasePathError(`${setting} ${resolved} cannot be created (${code}); ${fix}`);
  }
}
