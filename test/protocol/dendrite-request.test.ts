import { cryptoWaitReady, signatureVerify } from '@polkadot/util-crypto';
import { beforeAll, describe, expect, it } from 'vitest';

import {
  axonUrl,
  buildDendriteRequest,
  withSignature,
} from '../../src/protocol/dendrite-request.js';
import { DUMMY_SYNAPSE } from '../../src/protocol/dummy-synapse.js';
import { alice, bob, DENDRITE_UUID, sha3 } from './hand-built-request.js';

beforeAll(async () => {
  await cryptoWaitReady();
});

const NONCE = 1_700_000_000_123_456_789n;

function dummyRequest() {
  return buildDendriteRequest({
    synapse: DUMMY_SYNAPSE,
    fields: { dummy_input: 7, dummy_output: null },
    axon: { ip: '10.0.0.2', port: 8091, hotkey: bob.address },
    dendrite: { ip: '10.0.0.1', hotkey: alice.address },
    uuid: DENDRITE_UUID,
    nonce: NONCE,
  });
}

/**
 * Builds by hand the body that Python's json.dumps(synapse.model_dump()) writes, with
 * ", " and ": " separators, timeout as the float 12.0 and unset terminal fields as null.
 */
function expectedBody(signature: string | null, totalSize: number): string {
  const sig = signature === null ? 'null' : `"${signature}"`;
  return (
    `{"name": "Dummy", "timeout": 12.0, "total_size": ${totalSize}, "header_size": 0, ` +
    `"dendrite": {"status_code": null, "status_message": null, "process_time": null, ` +
    `"ip": "10.0.0.1", "port": null, "version": 10002000, "nonce": ${NONCE}, ` +
    `"uuid": "${DENDRITE_UUID}", "hotkey": "${alice.address}", "signature": ${sig}}, ` +
    `"axon": {"status_code": null, "status_message": null, "process_time": null, ` +
    `"ip": "10.0.0.2", "port": 8091, "version": null, "nonce": null, "uuid": null, ` +
    `"hotkey": "${bob.address}", "signature": null}, ` +
    `"computed_body_hash": "", "dummy_input": 7, "dummy_output": null}`
  );
}

function signHex(message: string): string {
  return `0x${Buffer.from(alice.sign(new TextEncoder().encode(message))).toString('hex')}`;
}

describe('buildDendriteRequest', () => {
  it('posts to /{SynapseName} on the axon', () => {
    expect(dummyRequest().url).toBe('http://10.0.0.2:8091/Dummy');
  });

  it('builds the message to sign', () => {
    const request = dummyRequest();

    // {nonce}.{dendrite_hotkey}.{axon_hotkey}.{uuid}.{body_hash}, Dummy hashing no field.
    expect(request.messageToSign).toBe(
      `${NONCE}.${alice.address}.${bob.address}.${DENDRITE_UUID}.${sha3('')}`,
    );
  });

  it('builds the synapse headers', () => {
    const request = dummyRequest();

    const expected: [string, string][] = [
      ['name', 'Dummy'],
      ['timeout', '12.0'],
      ['bt_header_axon_ip', '10.0.0.2'],
      ['bt_header_axon_port', '8091'],
      ['bt_header_axon_hotkey', bob.address],
      ['bt_header_dendrite_ip', '10.0.0.1'],
      ['bt_header_dendrite_version', '10002000'],
      ['bt_header_dendrite_nonce', String(NONCE)],
      ['bt_header_dendrite_uuid', DENDRITE_UUID],
      ['bt_header_dendrite_hotkey', alice.address],
      // base64(json.dumps(int())) = base64("0")
      ['bt_header_input_obj_dummy_input', 'MA=='],
    ];
    const headerSize = expected.reduce(
      (size, [name, value]) => size + name.length + value.length,
      0,
    );
    const totalSize = Buffer.byteLength(expectedBody(null, 0));
    expected.push(
      ['header_size', String(headerSize)],
      ['total_size', String(totalSize)],
      ['computed_body_hash', sha3('')],
    );

    expect(Object.entries(request.unsigned.headers)).toEqual(expected);
    expect(request.unsigned.body).toBe(expectedBody(null, totalSize));
  });

  it('rejects port 0', () => {
    expect(() =>
      buildDendriteRequest({
        synapse: DUMMY_SYNAPSE,
        fields: { dummy_input: 1, dummy_output: null },
        axon: { ip: '10.0.0.2', port: 0, hotkey: bob.address },
        dendrite: { ip: '10.0.0.1', hotkey: alice.address },
        uuid: DENDRITE_UUID,
        nonce: NONCE,
      }),
    ).toThrow(/axon port 0 is invalid/);
  });
});

describe('withSignature', () => {
  it('adds the signature to headers and body', () => {
    const request = dummyRequest();
    const signature = signHex(request.messageToSign);

    const signed = withSignature(request, signature);

    const totalSize = Buffer.byteLength(expectedBody(signature, 0));
    expect(signed.headers['bt_header_dendrite_signature']).toBe(signature);
    expect(signed.headers['total_size']).toBe(String(totalSize));
    expect(signed.body).toBe(expectedBody(signature, totalSize));
    expect(signed.url).toBe(request.url);
  });

  it('carries a signature that verifies', () => {
    const request = dummyRequest();
    const signed = withSignature(request, signHex(request.messageToSign));

    const check = signatureVerify(
      new TextEncoder().encode(request.messageToSign),
      signed.headers['bt_header_dendrite_signature']!,
      alice.address,
    );

    expect(check.isValid).toBe(true);
    expect(check.crypto).toBe('sr25519');
  });

  it('rejects a signature that is not 64 bytes of hex', () => {
    expect(() => withSignature(dummyRequest(), '0xabcd')).toThrow(/128 hex digits/);
  });
});

describe('axonUrl', () => {
  it('brackets an IPv6 address', () => {
    expect(axonUrl('2001:db8::1', 8091, 'Dummy')).toBe('http://[2001:db8::1]:8091/Dummy');
  });
});
