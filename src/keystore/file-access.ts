import { closeSync, constants, fstatSync, openSync, readFileSync, type Stats } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import type { Logger } from '../log/logger.js';
import { KeyfileError } from './errors.js';

/** Key files are a few hundred bytes; anything larger is not a key file. */
export const MAX_KEYFILE_BYTES = 64 * 1024;

/** Permission bits for group and others; a private file has none of them. */
const GROUP_OTHER_BITS = 0o077;

/** Checks applied to secret files during one keystore load. */
export interface SecretFilePolicy {
  logger: Logger;
  /** Fail with `INSECURE_PERMISSIONS` instead of only warning. */
  rejectInsecurePermissions: boolean;
  /** Paths already warned about, so each file is named once per load. */
  warnedPaths: Set<string>;
}

function octalMode(stats: Stats): string {
  return (stats.mode & 0o777).toString(8).padStart(4, '0');
}

/** Converts a failed file system call into the error of that key file. */
export function fileAccessError(error: unknown, path: string): KeyfileError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') {
    return new KeyfileError('KEYFILE_MISSING', path, `File ${path} does not exist`);
  }
  if (code === 'EACCES' || code === 'EPERM') {
    return new KeyfileError(
      'FILE_UNREADABLE',
      path,
      `Cannot read ${path}: permission denied; make the file owned by the service user ` +
        `and readable by it only (chown <service user> ${path} && chmod 600 ${path})`,
    );
  }
  return new KeyfileError(
    'FILE_UNREADABLE',
    path,
    `Cannot read ${path} (${code ?? 'unknown error'}); check that it is a readable regular file`,
  );
}

/** Kind of file in messages: a key file or the password file. */
export type SecretFileKind = 'key file' | 'password file';

function checkFileShape(stats: Stats, path: string, kind: SecretFileKind): void {
  if (!stats.isFile()) {
    throw new KeyfileError('KEYFILE_INVALID', path, `The ${kind} ${path} is not a regular file`);
  }
  if (stats.size > MAX_KEYFILE_BYTES) {
    throw new KeyfileError(
      'KEYFILE_INVALID',
      path,
      `The ${kind} ${path} has ${stats.size} bytes, more than the ${MAX_KEYFILE_BYTES} allowed`,
    );
  }
}

function checkFileStats(
  stats: Stats,
  path: string,
  kind: SecretFileKind,
  policy: SecretFilePolicy,
): void {
  checkFileShape(stats, path, kind);
  if ((stats.mode & GROUP_OTHER_BITS) === 0) {
    return;
  }

  const mode = octalMode(stats);
  if (policy.rejectInsecurePermissions) {
    throw new KeyfileError(
      'INSECURE_PERMISSIONS',
      path,
      `The ${kind} ${path} has mode ${mode}, so group or others can access it; ` +
        `run chmod 600 ${path}`,
    );
  }
  if (!policy.warnedPaths.has(path)) {
    policy.warnedPaths.add(path);
    policy.logger.warn(
      { path, mode },
      `${kind} ${path} is accessible by group or others; run chmod 600 ${path}`,
    );
  }
}

/**
 * Reads a file that contains a secret (key file or password file) after checking
 * that it is a small regular file that only its owner can access. The file is
 * opened without blocking and checked through the open descriptor, so a FIFO
 * cannot hang the load and a swapped file cannot slip between check and read.
 * The caller owns the returned bytes and should zero them.
 */
export async function readSecretFile(
  path: string,
  policy: SecretFilePolicy,
  kind: SecretFileKind = 'key file',
): Promise<Uint8Array> {
  let handle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw fileAccessError(error, path);
  }

  try {
    checkFileStats(await handle.stat(), path, kind, policy);
    const content = await readFile(handle);
    // A view, not a copy, so that zeroing the result wipes the only copy.
    return new Uint8Array(content.buffer, content.byteOffset, content.byteLength);
  } catch (error) {
    throw error instanceof KeyfileError ? error : fileAccessError(error, path);
  } finally {
    await handle.close();
  }
}

/**
 * Reads a key file synchronously, with the same shape checks as
 * `readSecretFile` but no permission check: it is meant for public key files,
 * or for reading only the public fields of a key file. The returned bytes are
 * the only copy, so zeroing them wipes the content.
 */
export function readPublicFileSync(path: string): Uint8Array {
  let descriptor: number;
  try {
    descriptor = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw fileAccessError(error, path);
  }

  try {
    checkFileShape(fstatSync(descriptor), path, 'key file');
    const content = readFileSync(descriptor);
    return new Uint8Array(content.buffer, content.byteOffset, content.byteLength);
  } catch (error) {
    throw error instanceof KeyfileError ? error : fileAccessError(error, path);
  } finally {
    closeSync(descriptor);
  }
}
