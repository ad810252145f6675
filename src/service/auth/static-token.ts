import { createHash, timingSafeEqual } from 'node:crypto';
import { legacyIdentity, type ScopedIdentity } from '../../security/index.js';
import type { Authenticator } from './identity.js';

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/** Extracts the token of a `Bearer` authorization header, or undefined. */
export function bearerToken(authorization: string | undefined): string | undefined {
  if (!authorization) {
    return undefined;
  }
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization);
  return match?.[1];
}

/**
 * One shared token (`MANAGE_SERVICE_TOKEN`) with every hotkey operation but
 * no coldkey use. Both sides are hashed before the
 * comparison, so the time taken reveals neither content nor length.
 */
export class StaticTokenAuthenticator implements Authenticator {
  readonly #expected: Buffer;
  readonly #identity: ScopedIdentity;

  constructor(token: string, id: string) {
    this.#expected = digest(token);
    this.#identity = legacyIdentity(id);
  }

  authenticate(authorization: string | undefined): ScopedIdentity | undefined {
    const token = bearerToken(authorization);
    if (token === undefined) {
      return undefined;
    }
    return timingSafeEqual(digest(token), this.#expected) ? this.#identity : undefined;
  }
}
