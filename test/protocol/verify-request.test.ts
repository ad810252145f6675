import { beforeAll, describe, expect, it } from 'vitest';
import { cryptoWaitReady } from '@polkadot/util-crypto';

import { buildDendriteRequest, withSignature } from '../../src/protocol/dendrite-request.js';
import { DUMMY_SYNAPSE } from '../../src/protocol/dummy-synapse.js';
import { NonceGuard } from '../../src/protocol/nonce-guard.js';
import type { SynapseDefinition, SynapseFields } from '../../src/protocol/synapse.js';
import {
  verifyAxonRequest,
  type VerifyAxonRequestOptions,
} from '../../src/protocol/verify-request.js';
import { ECHO_SYNAPSE } from './echo-synapse.js';
import {
  alice,
  bob,
  charlie,
  DENDRITE_UUID,
  handBuiltDummyRequest,
  handBuiltRequest,
  NOW,
  SECOND,
  sha3,
  without,
} from './hand-built-request.js';

beforeAll(async () => {
  await cryptoWaitReady();
});

function options<Fields extends SynapseFields>(
  synapse: SynapseDefinition<Fields>,
  overrides: Partial<VerifyAxonRequestOptions<Fields>> = {},
): VerifyAxonRequestOptions<Fields> {
  return {
    synapse,
    axonHotkey: bob.address,
    nonceGuard: new NonceGuard({ clock: () => NOW }),
    ...overrides,
  };
}

describe('verifyAxonRequest accepts', () => {
  it('a request built by hand', () => {
    const request = handBuiltDummyRequest(7);

    const result = verifyAxonRequest(request.headers, request.body, options(DUMMY_SYNAPSE));

    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.fields).toEqual({ dummy_input: 7, dummy_output: null });
    expect(result.dendrite.hotkey).toBe(alice.address);
    expect(result.dendrite.nonce).toBe(NOW - SECOND);
    expect(result.dendrite.uuid).toBe(DENDRITE_UUID);
    expect(result.dendrite.version).toBe(10002000);
    expect(result.timeoutSeconds).toBe(12);
    expect(result.bodyHash).toBe(sha3(''));
  });

  it('a signature of the <Bytes>-wrapped message', () => {
    const request = handBuiltDummyRequest(7, { wrapMessage: true });

    const result = verifyAxonRequest(request.headers, request.body, options(DUMMY_SYNAPSE));

    expect(result.ok).toBe(true);
  });

  it('a body given as bytes and upper-case header names', () => {
    const request = handBuiltDummyRequest(7);
    const upper = Object.fromEntries(
      Object.entries(request.headers).map(([name, value]) => [name.toUpperCase(), value]),
    );

    const result = verifyAxonRequest(upper, Buffer.from(request.body), options(DUMMY_SYNAPSE));

    expect(result.ok).toBe(true);
  });

  it('a request with hash fields', () => {
    // required_hash_fields ("text", "count"): sha3(sha3("hello") + sha3("3")).
    const bodyHash = sha3(sha3('hello') + sha3('3'));
    const request = handBuiltRequest({
      name: 'Echo',
      body: JSON.stringify({ text: 'hello', count: 3 }),
      bodyHash,
    });

    const result = verifyAxonRequest(request.headers, request.body, options(ECHO_SYNAPSE));

    expect(result.ok).toBe(true);
  });

  it('a request from buildDendriteRequest', () => {
    const unsigned = buildDendriteRequest({
      synapse: DUMMY_SYNAPSE,
      fields: { dummy_input: 21, dummy_output: null },
      axon: { ip: '10.0.0.2', port: 8091, hotkey: bob.address },
      dendrite: { ip: '10.0.0.1', hotkey: alice.address },
      uuid: DENDRITE_UUID,
      nonce: NOW,
    });
    const signature = `0x${Buffer.from(alice.sign(new TextEncoder().encode(unsigned.messageToSign))).toString('hex')}`;
    const signed = withSignature(unsigned, signature);

    const result = verifyAxonRequest(signed.headers, signed.body, options(DUMMY_SYNAPSE));

    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.fields.dummy_input).toBe(21);
  });
});

describe('verifyAxonRequest rejects', () => {
  it('an expired nonce with 401', () => {
    // Window start: now - 4 s - 12 s; a nonce 17 s old is outside it.
    const request = handBuiltDummyRequest(7, { nonce: NOW - 17n * SECOND });

    const result = verifyAxonRequest(request.headers, request.body, options(DUMMY_SYNAPSE));

    expect(result).toMatchObject({ ok: false, status: 401, code: 'NOT_VERIFIED' });
    expect(result.ok || result.message).toContain('nonce is too old');
  });

  it('a replayed nonce with 401', () => {
    const request = handBuiltDummyRequest(7);
    const shared = options(DUMMY_SYNAPSE);

    const first = verifyAxonRequest(request.headers, request.body, shared);
    const replay = verifyAxonRequest(request.headers, request.body, shared);

    expect(first.ok).toBe(true);
    expect(replay).toMatchObject({ ok: false, status: 401 });
    expect(replay.ok || replay.message).toContain('not above the last processed nonce');
  });

  it('a signature by another key with 401', () => {
    const request = handBuiltDummyRequest(7);
    const forged = handBuiltDummyRequest(7, { dendrite: charlie });
    const headers = {
      ...request.headers,
      bt_header_dendrite_signature: forged.headers['bt_header_dendrite_signature']!,
    };

    const result = verifyAxonRequest(headers, request.body, options(DUMMY_SYNAPSE));

    expect(result).toMatchObject({ ok: false, status: 401 });
    expect(result.ok || result.message).toContain('signature does not match');
  });

  it('a malformed signature with 401', () => {
    const request = handBuiltDummyRequest(7);
    const headers = { ...request.headers, bt_header_dendrite_signature: '0x1234' };

    const result = verifyAxonRequest(headers, request.body, options(DUMMY_SYNAPSE));

    expect(result).toMatchObject({ ok: false, status: 401 });
  });

  it('a body that does not match its hash with 400', () => {
    // Signed over the hash of text "hello"; the body then contains "HELLO".
    const request = handBuiltRequest({
      name: 'Echo',
      body: JSON.stringify({ text: 'HELLO', count: 3 }),
      bodyHash: sha3(sha3('hello') + sha3('3')),
    });

    const result = verifyAxonRequest(request.headers, request.body, options(ECHO_SYNAPSE));

    expect(result).toMatchObject({ ok: false, status: 400, code: 'BAD_REQUEST' });
    expect(result.ok || result.message).toContain('does not match the computed_body_hash header');
  });

  it('a changed body hash header with 401', () => {
    // The header hash is part of the signed message, so changing it breaks the signature.
    const request = handBuiltDummyRequest(7);
    const headers = { ...request.headers, computed_body_hash: sha3('x') };

    const result = verifyAxonRequest(headers, request.body, options(DUMMY_SYNAPSE));

    expect(result).toMatchObject({ ok: false, status: 401 });
  });

  it('a request addressed to another axon with 401', () => {
    // Signed for Bob's axon and sent to Charlie's.
    const request = handBuiltDummyRequest(7);

    const result = verifyAxonRequest(
      request.headers,
      request.body,
      options(DUMMY_SYNAPSE, { axonHotkey: charlie.address }),
    );

    expect(result).toMatchObject({ ok: false, status: 401 });
    expect(result.ok || result.message).toContain('addressed to axon hotkey');
  });

  it('a message signed for another axon with 401', () => {
    // The axon header names Charlie, but the signed message names Bob.
    const request = handBuiltDummyRequest(7);
    const headers = { ...request.headers, bt_header_axon_hotkey: charlie.address };

    const result = verifyAxonRequest(
      headers,
      request.body,
      options(DUMMY_SYNAPSE, { axonHotkey: charlie.address }),
    );

    expect(result).toMatchObject({ ok: false, status: 401 });
    expect(result.ok || result.message).toContain('signature does not match');
  });

  it.each([
    'bt_header_dendrite_hotkey',
    'bt_header_dendrite_nonce',
    'bt_header_dendrite_uuid',
    'bt_header_dendrite_signature',
    'computed_body_hash',
  ])('a request without %s with 401', (header) => {
    const request = handBuiltDummyRequest(7);

    const result = verifyAxonRequest(
      without(request.headers, header),
      request.body,
      options(DUMMY_SYNAPSE),
    );

    expect(result).toMatchObject({ ok: false, status: 401 });
    expect(result.ok || result.message).toContain(`missing header ${header}`);
  });

  it('a nonce that is not an integer with 400', () => {
    const request = handBuiltDummyRequest(7);
    const headers = { ...request.headers, bt_header_dendrite_nonce: '17e8' };

    const result = verifyAxonRequest(headers, request.body, options(DUMMY_SYNAPSE));

    expect(result).toMatchObject({ ok: false, status: 400 });
  });

  it('a timeout that is not a number with 400', () => {
    const request = handBuiltDummyRequest(7, { timeout: 'soon' });

    const result = verifyAxonRequest(request.headers, request.body, options(DUMMY_SYNAPSE));

    expect(result).toMatchObject({ ok: false, status: 400 });
  });

  it('a body that is not JSON with 400', () => {
    const request = handBuiltDummyRequest(7);

    const result = verifyAxonRequest(request.headers, '{"dummy_input": ', options(DUMMY_SYNAPSE));

    expect(result).toMatchObject({ ok: false, status: 400 });
  });

  it('a body without its required field with 400', () => {
    const request = handBuiltDummyRequest(7);

    const result = verifyAxonRequest(
      request.headers,
      '{"dummy_output": 2}',
      options(DUMMY_SYNAPSE),
    );

    expect(result).toMatchObject({ ok: false, status: 400 });
  });

  it('a blacklisted hotkey with 403 before verification', () => {
    const request = handBuiltDummyRequest(7);
    const guard = new NonceGuard({ clock: () => NOW });
    const blacklist = (dendrite: { hotkey?: string }) =>
      dendrite.hotkey === alice.address ? 'hotkey is not registered' : undefined;

    const result = verifyAxonRequest(
      request.headers,
      request.body,
      options(DUMMY_SYNAPSE, { nonceGuard: guard, blacklist }),
    );

    expect(result).toMatchObject({
      ok: false,
      status: 403,
      message: 'Forbidden. Key is blacklisted: hotkey is not registered.',
    });
    expect(guard.size).toBe(0);
  });

  it('a request failing later checks without recording its nonce', () => {
    const request = handBuiltDummyRequest(7);
    const guard = new NonceGuard({ clock: () => NOW });

    verifyAxonRequest(request.headers, 'not json', options(DUMMY_SYNAPSE, { nonceGuard: guard }));

    expect(guard.size).toBe(0);
  });
});
