import { randomBytes } from 'node:crypto';
import {
  closeSync,
  constants,
  fstatSync,
  fsyncSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { TokenFileError } from './errors.js';

/** Token files hold a few hashes each; a larger file is a mistake. */
const MAX_TOKEN_FILE_BYTES = 1024 * 1024;

/** Permission bits for group and others; a private file has none of them. */
const GROUP_OTHER_BITS = 0o077;

export interface TokenFileReadOptions {
  /** Accept a file that group or others can access (the file contains hashes, never secrets). */
  allowInsecurePermissions?: boolean;
  /** Called with the file mode when an open file is accepted under `allowInsecurePermissions`. */
  onInsecure?: (mode: string) => void;
}

function accessError(error: unknown, file: string): TokenFileError {
  const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
  if (code === 'ENOENT') {
    return new TokenFileError(
      `token file ${file} does not exist; create it with manage_tokens.sh create --file ${file}`,
    );
  }
  return new TokenFileError(
    `cannot read token file ${file} (${code}); make it a regular file readable by the service user`,
  );
}

/**
 * Reads a token file after checking, on the open descriptor, that it is a
 * small regular file that only its owner can access. Write access for others
 * would let them add tokens, so the check covers every group and other bit.
 */
export function readTokenFileText(file: string, options: TokenFileReadOptions = {}): string {
  let descriptor: number;
  try {
    descriptor = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw accessError(error, file);
  }
  try {
    const stats = fstatSync(descriptor);
    if (!stats.isFile()) {
      throw new TokenFileError(`token file ${file} is not a regular file`);
    }
    if (stats.size > MAX_TOKEN_FILE_BYTES) {
      throw new TokenFileError(
        `token file ${file} has ${stats.size} bytes, more than the ${MAX_TOKEN_FILE_BYTES} allowed`,
      );
    }
    const mode = (stats.mode & 0o777).toString(8).padStart(4, '0');
    if ((stats.mode & GROUP_OTHER_BITS) !== 0 && options.allowInsecurePermissions === true) {
      options.onInsecure?.(mode);
    } else if ((stats.mode & GROUP_OTHER_BITS) !== 0) {
      throw new TokenFileError(
        `token file ${file} has mode ${mode}, so group or others can access it; ` +
          `run chmod 600 ${file}`,
      );
    }
    return readFileSync(descriptor, 'utf8');
  } catch (error) {
    throw error instanceof TokenFileError ? error : accessError(error, file);
  } finally {
    closeSync(descriptor);
  }
}

function syncDirectory(directory: string): void {
  let descriptor: number | undefined;
  try {
    descriptor = openSync(directory, constants.O_RDONLY);
    fsyncSync(descriptor);
  } catch {
    // Some file systems cannot sync a directory; the rename itself is still atomic.
  } finally {
    if (descriptor !== undefined) {
      closeSync(descriptor);
    }
  }
}

/**
 * Replaces `file` with `text` atomically: writes a temporary file with mode
 * 0600 in the same directory, syncs it and renames it over the target. A
 * reader sees the old or the new content, never a part. A symbolic link at
 * `file` is replaced by a regular file.
 */
export function writeFileAtomic(file: string, text: string): void {
  const directory = path.dirname(file);
  const temporary = path.join(
    directory,
    `.${path.basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`,
  );
  const descriptor = openSync(temporary, 'wx', 0o600);
  try {
    writeSync(descriptor, text);
    fsyncSync(descriptor);
  } catch (error) {
    closeSync(descriptor);
    rmSync(temporary, { force: true });
    throw error;
  }
  closeSync(descriptor);
  try {
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
  syncDirectory(directory);
}
