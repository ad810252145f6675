import { cryptoWaitReady } from '@polkadot/util-crypto';
import { beforeAll, describe, expect, it } from 'vitest';

import { buildAxonErrorResponse, buildAxonResponse } from '../../src/protocol/axon-response.js';
import { answerDummy, DUMMY_SYNAPSE } from '../../src/protocol/dummy-synapse.js';
import { NonceGuard } from '../../src/protocol/nonce-guard.js';
import { axonRejection, AXON_STATUS, unknownSynapseRejection } from '../../src/protocol/status.js';
import { verifyAxonRequest } from '../../src/protocol/verify-request.js';
import { bob, handBuiltDummyRequest, NOW, sha3 } from './hand-built-request.js';

beforeAll(async () => {
  await cryptoWaitReady();
});

function verifiedDummy(input: number) {
  const request = handBuiltDummyRequest(input);
  const result = verifyAxonRequest(request.headers, request.body, {
    synapse: DUMMY_SYNAPSE,
    axonHotkey: bob.address,
    nonceGuard: new NonceGuard({ clock: () => NOW }),
  });
  if (!result.ok) {
    throw new Error(`hand-built request was rejected: ${result.message}`);
  }
  return result;
}

describe('buildAxonResponse', () => {
  it('answers Dummy with the input doubled', () => {
    const request = verifiedDummy(21);

    const response = buildAxonResponse({
      synapse: DUMMY_SYNAPSE,
      request,
      fields: answerDummy(request.fields),
      processTimeSeconds: 0.25,
    });

    const body = JSON.parse(response.body);
    expect(response.status).toBe(200);
    expect(body.dummy_input).toBe(21);
    expect(body.dummy_output).toBe(42);
    expect(body.name).toBe('Dummy');
    expect(body.axon.status_code).toBe(200);
    expect(body.axon.status_message).toBe('Success');
    expect(body.axon.process_time).toBe(0.25);
    expect(body.dendrite.hotkey).toBe(request.dendrite.hotkey);
  });

  it('sets the status in the synapse headers', () => {
    const request = verifiedDummy(1);

    const response = buildAxonResponse({
      synapse: DUMMY_SYNAPSE,
      request,
      fields: answerDummy(request.fields),
      processTimeSeconds: 0.25,
    });

    expect(response.headers['content-type']).toBe('application/json');
    expect(response.headers['bt_header_axon_status_code']).toBe('200');
    expect(response.headers['bt_header_axon_status_message']).toBe('Success');
    expect(response.headers['bt_header_axon_process_time']).toBe('0.25');
    expect(response.headers['computed_body_hash']).toBe(sha3(''));
  });
});

describe('buildAxonErrorResponse', () => {
  it('sends the status and a message body', () => {
    const response = buildAxonErrorResponse(axonRejection('NOT_VERIFIED', 'missing header x'));

    expect(response.status).toBe(401);
    expect(response.body).toBe('{"message": "Not Verified with error: missing header x"}');
  });
});

describe('AXON_STATUS', () => {
  it('maps each failure to the SDK status code', () => {
    const statuses = Object.fromEntries(
      Object.entries(AXON_STATUS).map(([code, entry]) => [code, entry.status]),
    );

    expect(statuses).toEqual({
      BAD_REQUEST: 400,
      NOT_VERIFIED: 401,
      BLACKLISTED: 403,
      UNKNOWN_SYNAPSE: 404,
      TIMEOUT: 408,
      INTERNAL_ERROR: 500,
      PRIORITY_REJECTED: 503,
    });
  });

  it('lists attached synapses for an unknown name', () => {
    const rejection = unknownSynapseRejection('Foo', ['Dummy', 'Echo']);

    expect(rejection.status).toBe(404);
    expect(rejection.message).toBe(
      "Synapse name 'Foo' not found. Available synapses ['Dummy', 'Echo']",
    );
  });

  it('formats the timeout message', () => {
    expect(axonRejection('TIMEOUT', '12.0').message).toBe('Response timeout after: 12.0s');
  });
});
