/**
 * Stable codes for everything that can go wrong with one key. A key that
 * fails to load keeps its code and message, and `Keystore.wallets()` reports them.
 */
export type KeyErrorCode =
  | 'KEYFILE_MISSING'
  | 'KEYFILE_INVALID'
  | 'LEGACY_FORMAT'
  | 'WRONG_PASSWORD'
  | 'PASSWORD_MISSING'
  | 'PASSWORD_SOURCE_INVALID'
  | 'PUBLIC_KEY_MISMATCH'
  | 'FILE_UNREADABLE'
  | 'INSECURE_PERMISSIONS'
  | 'UNLOCK_FAILED'
  | 'KEYSTORE_UNLOADED';

/** Codes of errors thrown to callers of the keystore API. */
export type KeystoreErrorCode =
  | KeyErrorCode
  | 'KEY_NOT_FOUND'
  | 'KEY_UNAVAILABLE'
  | 'INVALID_NAME'
  | 'WALLET_PATH_INVALID'
  | 'KEYFILE_EXISTS'
  | 'MNEMONIC_INVALID';

/** Base class of every keystore error; `code` is stable, the message is for people. */
export class KeystoreError extends Error {
  readonly code: KeystoreErrorCode;

  constructor(code: KeystoreErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'KeystoreError';
    this.code = code;
  }
}

/** A problem with one key file; it affects that key only. */
export class KeyfileError extends KeystoreError {
  declare readonly code: KeyErrorCode;
  readonly path: string;
  /** Keyfile JSON field at fault, when one is. */
  readonly field: string | undefined;

  constructor(
    code: KeyErrorCode,
    path: string,
    message: string,
    options?: ErrorOptions & { field?: string },
  ) {
    super(code, message, options);
    this.name = 'KeyfileError';
    this.code = code;
    this.path = path;
    this.field = options?.field;
  }
}

/** The wallet or key does not exist in the keystore. */
export class KeyNotFoundError extends KeystoreError {
  constructor(message: string) {
    super('KEY_NOT_FOUND', message);
    this.name = 'KeyNotFoundError';
  }
}

/** The key exists but cannot sign: locked, failed to load, or unloaded. */
export class KeyUnavailableError extends KeystoreError {
  /** Code of the failure that keeps the key from signing, when there is one. */
  readonly reason: KeyErrorCode | undefined;

  constructor(message: string, reason?: KeyErrorCode) {
    super('KEY_UNAVAILABLE', message);
    this.name = 'KeyUnavailableError';
    this.reason = reason;
  }
}

/** An invalid password file or password variable; the message never quotes a password. */
export class PasswordSourceError extends KeystoreError {
  declare readonly code: 'PASSWORD_SOURCE_INVALID';

  constructor(message: string, options?: ErrorOptions) {
    super('PASSWORD_SOURCE_INVALID', message, options);
    this.name = 'PasswordSourceError';
  }
}

/** A wallet or hotkey name that could escape the wallet directory. */
export class InvalidKeyNameError extends KeystoreError {
  constructor(message: string) {
    super('INVALID_NAME', message);
    this.name = 'InvalidKeyNameError';
  }
}

/** Converts anything thrown while loading a key into a `KeyfileError` for that key. */
export function toKeyfileError(error: unknown, path: string): KeyfileError {
  if (error instanceof KeyfileError) {
    return error;
  }
  if (error instanceof PasswordSourceError) {
    return new KeyfileError('PASSWORD_SOURCE_INVALID', path, error.message, { cause: error });
  }
  if (error instanceof KeystoreError) {
    return new KeyfileError('UNLOCK_FAILED', path, error.message, { cause: error });
  }
  // Only the error name goes into the message: some library messages quote
  // their input, which here may be decrypted key material.
  const kind = error instanceof Error ? error.name : typeof error;
  return new KeyfileError('UNLOCK_FAILED', path, `Failed to load ${path} (${kind})`);
}
