import { createHash, timingSafeEqual } from 'node:crypto';
import type { Logger } from '../log/logger.js';
import type { Authenticator } from '../service/auth/identity.js';
import { bearerToken } from '../service/auth/static-token.js';
import type { ColdkeyPolicy } from './coldkey-policy.js';
import { TokenFileError } from './errors.js';
import { legacyIdentity, type ScopedIdentity } from './scope.js';
import { parseTokenFile, type TokenFile } from './token-file.js';
import { readTokenFileText } from './token-file-io.js';
import { tokenStatus } from './token-record.js';
import { TokenVerifier, type VerificationStats } from './token-verifier.js';

export interface TokenAuthenticatorOptions {
  /** YAML or JSON token file, read now and again on every `reload()`. */
  file: string;
  /** Accept a token file that group or others can access. */
  allowInsecurePermissions?: boolean;
  /** The single `MANAGE_SERVICE_TOKEN`, accepted next to the file's tokens with `LEGACY_SCOPE`. */
  legacyToken?: { value: string; id: string };
  logger?: Logger;
  /** Milliseconds since the epoch; tests pass their own clock. */
  clock?: () => number;
}

export type ReloadResult =
  { ok: true; tokens: number; active: number } | { ok: false; error: string };

/** One loaded token file with everything derived from it; replaced whole on reload. */
interface Snapshot {
  file: TokenFile;
  identities: ReadonlyMap<string, ScopedIdentity>;
  verifier: TokenVerifier;
}

function sha256(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/**
 * Authenticates bearer secrets `mst_<id>_<random>` against a token file and
 * returns identities that carry the token's scope. Verification is
 * synchronous: the first use of a secret runs scrypt (tens of milliseconds),
 * later uses hit an in-memory cache.
 */
export class TokenAuthenticator implements Authenticator {
  readonly #options: TokenAuthenticatorOptions;
  readonly #clock: () => number;
  readonly #stats: VerificationStats = { scryptChecks: 0, cacheHits: 0, throttled: 0 };
  readonly #legacy: { digest: Buffer; identity: ScopedIdentity } | undefined;
  #snapshot: Snapshot;

  /** Loads the token file; throws `TokenFileError` naming the bad token and field. */
  constructor(options: TokenAuthenticatorOptions) {
    this.#options = options;
    this.#clock = options.clock ?? Date.now;
    const legacy = options.legacyToken;
    this.#legacy = legacy && {
      digest: sha256(legacy.value),
      identity: legacyIdentity(legacy.id),
    };
    this.#snapshot = this.#load();
    this.#logLoaded('token file loaded');
  }

  authenticate(authorization: string | undefined): ScopedIdentity | undefined {
    const secret = bearerToken(authorization);
    if (secret === undefined) {
      return undefined;
    }
    if (this.#legacy !== undefined && timingSafeEqual(sha256(secret), this.#legacy.digest)) {
      return this.#legacy.identity;
    }
    const snapshot = this.#snapshot;
    const record = snapshot.verifier.verify(secret);
    return record === undefined ? undefined : snapshot.identities.get(record.id);
  }

  /**
   * Reads the token file again and swaps in the new tokens at once, clearing
   * the verification cache. A file that fails to load leaves the old tokens
   * in force, and the result carries the error.
   */
  reload(): ReloadResult {
    let snapshot: Snapshot;
    try {
      snapshot = this.#load();
    } catch (error) {
      if (!(error instanceof TokenFileError)) {
        throw error;
      }
      this.#options.logger?.error(
        { file: this.#options.file, err: error.message },
        'token file reload failed; the previous tokens stay in force',
      );
      return { ok: false, error: error.message };
    }
    // An empty file is far more likely a truncated write than a wish to lock
    // everyone out; revoking every token one by one still works.
    if (snapshot.file.tokens.size === 0 && this.#legacy === undefined) {
      const message = `token file ${this.#options.file} defines no token, so nobody could authenticate; the previous tokens stay in force`;
      this.#options.logger?.error({ file: this.#options.file }, message);
      return { ok: false, error: message };
    }
    this.#snapshot = snapshot;
    this.#logLoaded('token file reloaded');
    return { ok: true, tokens: snapshot.file.tokens.size, active: snapshot.identities.size };
  }

  /**
   * Identity of an active token by its id, for callers authenticated some
   * other way (a verified TLS client certificate whose subject is the id).
   */
  identityById(id: string): ScopedIdentity | undefined {
    return this.#snapshot.identities.get(id);
  }

  /** Number of active tokens in the loaded file, the legacy token not counted. */
  get activeTokens(): number {
    return this.#snapshot.identities.size;
  }

  /** Coldkey policy of the loaded file. */
  get coldkeyPolicy(): ColdkeyPolicy {
    return this.#snapshot.file.policy;
  }

  /** Verification counters since construction. */
  get stats(): Readonly<VerificationStats> {
    return { ...this.#stats };
  }

  #load(): Snapshot {
    const { file, allowInsecurePermissions } = this.#options;
    const text = readTokenFileText(file, {
      allowInsecurePermissions,
      onInsecure: (mode) =>
        this.#options.logger?.warn(
          { file, mode },
          'token file is accessible by group or others, accepted because of --security.allow_insecure_permissions; run chmod 600 on it',
        ),
    });
    const parsed = parseTokenFile(text, file);
    const identities = new Map<string, ScopedIdentity>();
    for (const record of parsed.tokens.values()) {
      if (tokenStatus(record) === 'active') {
        identities.set(record.id, Object.freeze({ id: record.id, scope: record.scope }));
      }
    }
    const verifier = new TokenVerifier(parsed.tokens, {
      clock: this.#clock,
      stats: this.#stats,
      onThrottle: (tokenId) =>
        this.#options.logger?.warn(
          { tokenId },
          'repeated wrong secrets for token; further attempts wait before scrypt runs again',
        ),
    });
    return { file: parsed, identities, verifier };
  }

  #logLoaded(message: string): void {
    const { file, identities } = this.#snapshot;
    this.#options.logger?.info(
      { file: this.#options.file, tokens: file.tokens.size, active: identities.size },
      message,
    );
  }
}
