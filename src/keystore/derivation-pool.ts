import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { defaultDerivationConcurrency, deriveNaclKey } from './argon2-worker.js';
import { createLimiter, type Limiter } from './limiter.js';

/** Function that derives the `$NACL` key of a password; tests may pass a counting wrapper. */
export type DeriveKey = (password: Uint8Array) => Promise<Uint8Array>;

/**
 * Runs Argon2i derivations in worker threads, at most `concurrency` at once,
 * and derives each distinct password only once. The salt of `$NACL` files is
 * fixed, so one password always gives the same key, and operators often share
 * one password across coldkeys. Keys stay shared until `wipe()` zeroes them,
 * so callers must neither change nor keep them.
 */
export class DerivationPool {
  private readonly limit: Limiter;
  private readonly keys = new Map<string, Promise<Uint8Array>>();

  constructor(
    concurrency = defaultDerivationConcurrency(),
    private readonly deriveKey: DeriveKey = deriveNaclKey,
  ) {
    this.limit = createLimiter(concurrency);
  }

  /** Returns the key of `password`; the caller still owns and should zero `password`. */
  derive(password: Uint8Array): Promise<Uint8Array> {
    // A digest as the map key keeps the password itself out of the map.
    const id = bytesToHex(sha256(password));
    let key = this.keys.get(id);
    if (key === undefined) {
      const copy = new Uint8Array(password);
      key = this.limit(() => this.deriveKey(copy)).finally(() => copy.fill(0));
      this.keys.set(id, key);
    }
    return key;
  }

  /** Zeroes every derived key. Call it once no `derive` result is in use. */
  async wipe(): Promise<void> {
    const settled = await Promise.allSettled(this.keys.values());
    for (const result of settled) {
      if (result.status === 'fulfilled') {
        result.value.fill(0);
      }
    }
    this.keys.clear();
  }
}
