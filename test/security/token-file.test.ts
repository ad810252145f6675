import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { TokenFileError } from '../../src/security/errors.js';
import { parseTokenFile } from '../../src/security/token-file.js';
import { makeToken } from './helpers.js';

const ALICE = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY';

function parseError(content: unknown): string {
  const text = typeof content === 'string' ? content : stringify(content);
  try {
    parseTokenFile(text, 'tokens.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(TokenFileError);
    return (error as Error).message;
  }
  throw new Error('expected the token file to be rejected');
}

/** Builds a file with one token named miner-1 whose fields `fields` override. */
function withToken(fields: Record<string, unknown>) {
  return { tokens: [{ ...makeToken('miner-1').entry, ...fields }] };
}

describe('token file parsing', () => {
  it('reads a complete token', () => {
    const { entry } = makeToken('miner-1', {
      wallets: ['miner', 'spare'],
      hotkeys: ['miner/default', 'spare/*'],
      operations: ['serve_axon', 'sign'],
      coldkey: true,
      limits: { requests_per_minute: 120, netuids: [1, 3] },
      created_at: '2026-01-31T12:00:00Z',
    });
    const file = parseTokenFile(stringify({ tokens: [entry] }), 'tokens.yaml');
    const record = file.tokens.get('miner-1');
    expect(record?.scope).toEqual({
      wallets: ['miner', 'spare'],
      hotkeys: ['miner/default', 'spare/*'],
      operations: ['serve_axon', 'sign'],
      coldkey: true,
      limits: { requestsPerMinute: 120, netuids: [1, 3] },
    });
    expect(record?.disabled).toBe(false);
    expect(record?.revokedAt).toBeUndefined();
    expect(record?.createdAt).toBe('2026-01-31T12:00:00Z');
    expect(record?.secretHash.params).toEqual({ N: 1024, r: 8, p: 1 });
  });

  it('applies defaults for optional fields', () => {
    const { entry } = makeToken('t');
    delete entry.hotkeys;
    const record = parseTokenFile(stringify({ tokens: [entry] }), 'f').tokens.get('t');
    expect(record?.scope.hotkeys).toEqual([]);
    expect(record?.scope.coldkey).toBe(false);
    expect(record?.scope.limits).toEqual({});
    expect(record?.disabled).toBe(false);
  });

  it('reads JSON', () => {
    const { entry } = makeToken('json-token');
    const file = parseTokenFile(JSON.stringify({ tokens: [entry] }), 'tokens.json');
    expect([...file.tokens.keys()]).toEqual(['json-token']);
  });

  it('accepts an empty file', () => {
    const file = parseTokenFile('', 'tokens.yaml');
    expect(file.tokens.size).toBe(0);
    expect(file.policy.wallets.size).toBe(0);
  });

  it('reports syntax errors with line and no source text', () => {
    const message = parseError('tokens:\n  - id: a\n   secret_hash: mst_a_leak\n');
    expect(message).toMatch(/^tokens\.yaml: line \d+: /);
    expect(message).not.toContain('mst_a_leak');
  });

  it('rejects duplicate keys', () => {
    expect(parseError('tokens: []\ntokens: []\n')).toMatch(/unique/);
  });

  it.each([
    ['unknown top-level field', { token: [] }, /unknown field token; use tokens, policy/],
    ['tokens as a mapping', { tokens: { id: 'a' } }, /field tokens must be a list/],
    ['token as a string', { tokens: ['miner-1'] }, /token #1: field tokens\[0\] must be a mapping/],
    ['missing id', { tokens: [{ wallets: [] }] }, /token #1: field id is missing/],
    ['invalid id', withToken({ id: 'bad id' }), /token #1: field id "bad id" is invalid/],
    [
      'missing secret_hash',
      withToken({ secret_hash: undefined }),
      /token miner-1: field secret_hash is missing/,
    ],
    [
      'unknown field',
      withToken({ operation: ['sign'] }),
      /token miner-1: unknown field operation; use id, /,
    ],
    [
      'unknown operation',
      withToken({ operations: ['stak'] }),
      /token miner-1: field operations\[0\] "stak" is not an operation/,
    ],
    ['empty operations', withToken({ operations: [] }), /token miner-1: field operations is empty/],
    [
      'repeated operation',
      withToken({ operations: ['sign', 'sign'] }),
      /field operations\[1\] repeats "sign"/,
    ],
    [
      'operations as a string',
      withToken({ operations: 'sign' }),
      /field operations must be a list/,
    ],
    [
      'empty wallets',
      withToken({ wallets: [], hotkeys: [] }),
      /token miner-1: field wallets is empty/,
    ],
    [
      'wallet with a slash',
      withToken({ wallets: ['a/b'] }),
      /field wallets\[0\] "a\/b" is not a wallet name/,
    ],
    [
      'partial wildcard wallet',
      withToken({ wallets: ['min*'] }),
      /field wallets\[0\] "min\*" mixes "\*"/,
    ],
    [
      'wildcard with names',
      withToken({ wallets: ['*', 'miner'] }),
      /field wallets contains "\*" and other entries/,
    ],
    [
      'hotkey without wallet',
      withToken({ hotkeys: ['default'] }),
      /field hotkeys\[0\] "default" is not of the form wallet\/hotkey/,
    ],
    [
      'hotkey of another wallet',
      withToken({ hotkeys: ['validator/default'] }),
      /names wallet validator, which is not in wallets/,
    ],
    [
      'wildcard wallet in hotkey',
      withToken({ hotkeys: ['*/default'] }),
      /does not start with a wallet name/,
    ],
    [
      'partial wildcard hotkey',
      withToken({ hotkeys: ['miner/def*'] }),
      /does not end with a hotkey name/,
    ],
    [
      'coldkey as a string',
      withToken({ coldkey: 'yes' }),
      /token miner-1: field coldkey must be true or false/,
    ],
    [
      'disabled as a number',
      withToken({ disabled: 1 }),
      /token miner-1: field disabled must be true or false/,
    ],
    [
      'zero rate',
      withToken({ limits: { requests_per_minute: 0 } }),
      /field limits\.requests_per_minute 0 is out of range/,
    ],
    [
      'fractional rate',
      withToken({ limits: { requests_per_minute: 1.5 } }),
      /field limits\.requests_per_minute must be a whole number/,
    ],
    [
      'netuid out of range',
      withToken({ limits: { netuids: [1, 70000] } }),
      /field limits\.netuids\[1\] 70000 is out of range; use 0 to 65535/,
    ],
    [
      'empty netuids',
      withToken({ limits: { netuids: [] } }),
      /field limits\.netuids must be a non-empty list/,
    ],
    [
      'repeated netuid',
      withToken({ limits: { netuids: [2, 2] } }),
      /field limits\.netuids repeats a netuid/,
    ],
    [
      'unknown limit',
      withToken({ limits: { rpm: 5 } }),
      /token miner-1: unknown field limits\.rpm; use limits\.requests_per_minute, limits\.netuids/,
    ],
    [
      'invalid revoked_at',
      withToken({ revoked_at: 'yesterday' }),
      /token miner-1: field revoked_at "yesterday" is not an ISO 8601 time/,
    ],
    [
      'malformed secret_hash',
      withToken({ secret_hash: 'sha256$abc' }),
      /token miner-1: field secret_hash is not of the form/,
    ],
  ])('rejects %s', (_case, content, expected) => {
    const message = parseError(content);
    expect(message).toMatch(/^tokens\.yaml: /);
    expect(message).toMatch(expected);
  });

  it('rejects a repeated token id', () => {
    const content = { tokens: [makeToken('dup').entry, makeToken('dup').entry] };
    expect(parseError(content)).toMatch(/token dup: id is used by more than one token/);
  });

  it('rejects a stored secret without echoing it', () => {
    const { secret, entry } = makeToken('miner-1');
    const message = parseError({ tokens: [{ ...entry, secret }] });
    expect(message).toMatch(/token miner-1: field secret must not be stored/);
    expect(message).not.toContain(secret);
  });

  it('never echoes a secret pasted as secret_hash or id', () => {
    const { secret, entry } = makeToken('miner-1');
    const inHash = parseError({ tokens: [{ ...entry, secret_hash: secret }] });
    expect(inHash).toMatch(/field secret_hash is not of the form/);
    expect(inHash).not.toContain(secret);
    const inId = parseError({ tokens: [{ ...entry, id: secret }] });
    expect(inId).toMatch(/field id value is invalid: it starts with mst_/);
    expect(inId).not.toContain(secret);
  });
});

describe('policy section parsing', () => {
  function policyError(policy: unknown): string {
    return parseError({ tokens: [], policy });
  }

  it('reads coldkey limits as bigint', () => {
    const text = stringify({
      policy: {
        wallets: {
          owner: {
            coldkey: {
              enabled: true,
              max_per_tx_rao: '18446744073709551615',
              max_per_day_rao: '5000000000',
              allowed_destinations: [ALICE],
              allowed_netuids: [1],
            },
          },
          miner: { coldkey: { enabled: false } },
        },
      },
    });
    const policy = parseTokenFile(text, 'f').policy;
    expect(policy.wallets.get('owner')).toEqual({
      enabled: true,
      maxPerTxRao: 2n ** 64n - 1n,
      maxPerDayRao: 5_000_000_000n,
      allowedDestinations: [ALICE],
      allowedNetuids: [1],
    });
    expect(policy.wallets.get('miner')).toEqual({ enabled: false });
  });

  it.each([
    [
      'amount as a number',
      { enabled: true, max_per_tx_rao: 1000 },
      /policy for wallet owner: field coldkey\.max_per_tx_rao is the number 1000; write it as a quoted string/,
    ],
    [
      'negative amount',
      { enabled: true, max_per_day_rao: '-5' },
      /field coldkey\.max_per_day_rao "-5" is not a whole number of rao/,
    ],
    [
      'fractional amount',
      { enabled: true, max_per_tx_rao: '1.5' },
      /field coldkey\.max_per_tx_rao "1\.5" is not a whole number/,
    ],
    [
      'amount above u64',
      { enabled: true, max_per_tx_rao: '18446744073709551616' },
      /is above the u64 maximum/,
    ],
    [
      'invalid destination',
      { enabled: true, allowed_destinations: ['5Gxyz'] },
      /field coldkey\.allowed_destinations\[0\] "5Gxyz" is not a valid SS58 address/,
    ],
    [
      'netuid out of range',
      { enabled: true, allowed_netuids: [-1] },
      /field coldkey\.allowed_netuids\[0\] -1 is out of range/,
    ],
    ['missing enabled', { max_per_tx_rao: '1' }, /field coldkey\.enabled is missing/],
    [
      'unknown field',
      { enabled: true, max_rao: '1' },
      /policy for wallet owner: unknown field coldkey\.max_rao/,
    ],
  ])('rejects %s', (_case, coldkey, expected) => {
    expect(policyError({ wallets: { owner: { coldkey } } })).toMatch(expected);
  });

  it('rejects an unknown wallet section field', () => {
    expect(policyError({ wallets: { owner: { hotkey: {} } } })).toMatch(
      /policy for wallet owner: unknown field hotkey; use coldkey/,
    );
  });

  it('rejects an invalid wallet name', () => {
    expect(policyError({ wallets: { '..': { coldkey: { enabled: true } } } })).toMatch(
      /policy: field wallets\."\.\." is not a wallet name/,
    );
  });

  it('rejects an unknown policy field', () => {
    expect(policyError({ wallet: {} })).toMatch(
      /policy: unknown field policy\.wallet; use policy\.wallets/,
    );
  });
});
