import { chmodSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { TokenFileError } from '../../src/security/errors.js';
import { LEGACY_SCOPE } from '../../src/security/scope.js';
import { TokenAuthenticator } from '../../src/security/token-authenticator.js';
import { captureLogger } from '../helpers/log-capture.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { bearer, makeToken, writeTokenFile } from './helpers.js';

let temp: { dir: string; remove: () => void };

beforeEach(() => {
  temp = makeTempDir('token-auth');
});

afterEach(() => {
  temp.remove();
});

function authenticatorFor(entries: unknown[], clock?: () => number): TokenAuthenticator {
  const file = writeTokenFile(temp.dir, { tokens: entries });
  return new TokenAuthenticator({ file, clock });
}

describe('TokenAuthenticator', () => {
  it('returns the identity and scope of a valid secret', () => {
    const miner = makeToken('miner-1', { limits: { netuids: [1] } });
    const identity = authenticatorFor([miner.entry]).authenticate(bearer(miner.secret));
    expect(identity?.id).toBe('miner-1');
    expect(identity?.scope.operations).toEqual(['serve_axon']);
    expect(identity?.scope.hotkeys).toEqual(['miner/default']);
    expect(identity?.scope.limits.netuids).toEqual([1]);
  });

  it('tells two tokens apart', () => {
    const miner = makeToken('miner-1');
    const validator = makeToken('validator-1', {
      wallets: ['validator'],
      hotkeys: ['validator/default'],
      operations: ['set_weights'],
    });
    const authenticator = authenticatorFor([miner.entry, validator.entry]);
    expect(authenticator.authenticate(bearer(validator.secret))?.id).toBe('validator-1');
    expect(authenticator.authenticate(bearer(miner.secret))?.id).toBe('miner-1');
  });

  it('rejects a wrong secret for a known id', () => {
    const miner = makeToken('miner-1');
    const other = makeToken('miner-1');
    expect(authenticatorFor([miner.entry]).authenticate(bearer(other.secret))).toBeUndefined();
  });

  it('rejects an unknown id without scrypt', () => {
    const authenticator = authenticatorFor([makeToken('miner-1').entry]);
    expect(authenticator.authenticate(bearer(makeToken('ghost').secret))).toBeUndefined();
    expect(authenticator.stats.scryptChecks).toBe(0);
  });

  it.each([
    ['no header', undefined],
    ['empty header', ''],
    ['basic scheme', 'Basic dXNlcjpwYXNz'],
    ['bearer without secret', 'Bearer '],
    ['malformed secret', 'Bearer mst_miner-1_short'],
  ])('rejects %s', (_case, header) => {
    expect(authenticatorFor([makeToken('miner-1').entry]).authenticate(header)).toBeUndefined();
  });

  it('rejects revoked and disabled tokens', () => {
    const revoked = makeToken('revoked', { revoked_at: '2026-01-01T00:00:00Z' });
    const disabled = makeToken('disabled', { disabled: true });
    const authenticator = authenticatorFor([revoked.entry, disabled.entry]);
    expect(authenticator.authenticate(bearer(revoked.secret))).toBeUndefined();
    expect(authenticator.authenticate(bearer(disabled.secret))).toBeUndefined();
    expect(authenticator.stats.scryptChecks).toBe(0);
  });

  it('runs scrypt only on first use of a secret', () => {
    const miner = makeToken('miner-1');
    const authenticator = authenticatorFor([miner.entry]);
    for (let attempt = 0; attempt < 5; attempt++) {
      expect(authenticator.authenticate(bearer(miner.secret))?.id).toBe('miner-1');
    }
    expect(authenticator.stats.scryptChecks).toBe(1);
    expect(authenticator.stats.cacheHits).toBe(4);
  });

  it('does not rerun scrypt for a repeated wrong secret', () => {
    const wrong = makeToken('miner-1').secret;
    const authenticator = authenticatorFor([makeToken('miner-1').entry]);
    for (let attempt = 0; attempt < 5; attempt++) {
      expect(authenticator.authenticate(bearer(wrong))).toBeUndefined();
    }
    expect(authenticator.stats.scryptChecks).toBe(1);
  });

  it('throttles a flood of wrong secrets per id', () => {
    let now = 1_000_000;
    const miner = makeToken('miner-1');
    const authenticator = authenticatorFor([miner.entry], () => now);
    for (let attempt = 0; attempt < 50; attempt++) {
      expect(authenticator.authenticate(bearer(makeToken('miner-1').secret))).toBeUndefined();
    }
    expect(authenticator.stats.scryptChecks).toBe(10);
    expect(authenticator.stats.throttled).toBe(40);

    // Six seconds later one more failed check is allowed.
    now += 6_000;
    expect(authenticator.authenticate(bearer(miner.secret))?.id).toBe('miner-1');
    expect(authenticator.stats.scryptChecks).toBe(11);
  });

  it('logs throttling once without secrets', () => {
    const miner = makeToken('miner-1');
    const file = writeTokenFile(temp.dir, { tokens: [miner.entry] });
    const logs = captureLogger('token-auth');
    const authenticator = new TokenAuthenticator({ file, logger: logs.logger, clock: () => 0 });
    const wrong = Array.from({ length: 20 }, () => makeToken('miner-1').secret);
    for (const secret of wrong) {
      authenticator.authenticate(bearer(secret));
    }
    authenticator.authenticate(bearer(miner.secret));
    const text = logs.text();
    expect(text.match(/repeated wrong secrets for token/g)).toHaveLength(1);
    expect(text).toContain('"tokenId":"miner-1"');
    for (const secret of [...wrong, miner.secret]) {
      expect(text).not.toContain(secret.slice(-43));
    }
  });

  it('picks up a new token and a revocation on reload', () => {
    const miner = makeToken('miner-1');
    const validator = makeToken('validator-1', { wallets: ['validator'], hotkeys: [] });
    const file = writeTokenFile(temp.dir, { tokens: [miner.entry] });
    const authenticator = new TokenAuthenticator({ file });
    expect(authenticator.authenticate(bearer(miner.secret))?.id).toBe('miner-1');
    expect(authenticator.authenticate(bearer(validator.secret))).toBeUndefined();

    const revokedMiner = { ...miner.entry, revoked_at: '2026-02-01T00:00:00Z' };
    writeTokenFile(temp.dir, { tokens: [revokedMiner, validator.entry] });
    expect(authenticator.reload()).toEqual({ ok: true, tokens: 2, active: 1 });

    expect(authenticator.authenticate(bearer(miner.secret))).toBeUndefined();
    expect(authenticator.authenticate(bearer(validator.secret))?.id).toBe('validator-1');
  });

  it('keeps the old tokens when a reload fails', () => {
    const miner = makeToken('miner-1');
    const file = writeTokenFile(temp.dir, { tokens: [miner.entry] });
    const logs = captureLogger('token-auth');
    const authenticator = new TokenAuthenticator({ file, logger: logs.logger });
    expect(authenticator.authenticate(bearer(miner.secret))?.id).toBe('miner-1');

    writeFileSync(file, stringify({ tokens: [{ ...miner.entry, operations: ['fly'] }] }));
    const result = authenticator.reload();
    if (result.ok) {
      throw new Error('expected the reload to fail');
    }
    expect(result.error).toMatch(/token miner-1: field operations\[0\] "fly"/);
    expect(authenticator.authenticate(bearer(miner.secret))?.id).toBe('miner-1');
    expect(logs.text()).toContain('token file reload failed');
  });

  it('exposes the coldkey policy of the file', () => {
    const file = writeTokenFile(temp.dir, {
      tokens: [],
      policy: { wallets: { owner: { coldkey: { enabled: true, max_per_tx_rao: '5' } } } },
    });
    const policy = new TokenAuthenticator({ file }).coldkeyPolicy;
    expect(policy.wallets.get('owner')?.maxPerTxRao).toBe(5n);
  });

  it('fails at start on an invalid file', () => {
    const file = writeTokenFile(temp.dir, 'tokens: [1]\n');
    expect(() => new TokenAuthenticator({ file })).toThrow(TokenFileError);
    expect(() => new TokenAuthenticator({ file })).toThrow(
      /token #1: field tokens\[0\] must be a mapping/,
    );
  });

  it('fails at start on a missing file', () => {
    const file = `${temp.dir}/absent.yaml`;
    expect(() => new TokenAuthenticator({ file })).toThrow(/does not exist; create it with/);
  });

  it('rejects a file others can read unless allowed', () => {
    const miner = makeToken('miner-1');
    const file = writeTokenFile(temp.dir, { tokens: [miner.entry] });
    chmodSync(file, 0o644);
    expect(() => new TokenAuthenticator({ file })).toThrow(/has mode 0644.*chmod 600/);
    const allowed = new TokenAuthenticator({ file, allowInsecurePermissions: true });
    expect(allowed.authenticate(bearer(miner.secret))?.id).toBe('miner-1');
  });

  it('accepts the legacy token with full scope and no coldkey', () => {
    const file = writeTokenFile(temp.dir, { tokens: [] });
    const legacyToken = { value: 'a-long-random-legacy-token', id: 'env:MANAGE_SERVICE_TOKEN' };
    const authenticator = new TokenAuthenticator({ file, legacyToken });
    const identity = authenticator.authenticate('Bearer a-long-random-legacy-token');
    expect(identity?.id).toBe('env:MANAGE_SERVICE_TOKEN');
    expect(identity?.scope).toBe(LEGACY_SCOPE);
    expect(identity?.scope.coldkey).toBe(false);
    expect(authenticator.authenticate('Bearer a-long-random-legacy-tokeN')).toBeUndefined();
  });
});
