import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sha3_256 } from '@noble/hashes/sha3.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import { hexToU8a, stringToU8a } from '@polkadot/util';
import { sr25519Verify } from '@polkadot/util-crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalSigner } from '../../src/client/local-signer.js';
import { buildAxonServer, type SynapseHandler } from '../../src/neuron/miner/axon-server.js';
import { Dendrite, type QueryResult } from '../../src/neuron/validator/dendrite.js';
import { answerDummy, DUMMY_SYNAPSE, type DummyFields } from '../../src/protocol/index.js';
import type { TerminalInfo } from '../../src/protocol/index.js';
import { captureLogger } from '../helpers/log-capture.js';
import { signerFromUri } from '../helpers/signers.js';

/*
 * The miner's axon and the validator's dendrite on the wire. Every request
 * and expected value here is built from the dendrite-to-axon rules of the
 * Python SDK (bittensor 10.2.0), without the project's protocol module.
 */

const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
const VALIDATOR_URI = '//SystemWireValidator';
const miner = keyring.addFromUri('//SystemWireMiner');
const validator = keyring.addFromUri(VALIDATOR_URI);
const stranger = keyring.addFromUri('//SystemWireStranger');

const NS_PER_SECOND = 1_000_000_000n;
/** Axons accept a first nonce newer than now - 4 s - timeout. */
const NONCE_WINDOW_NS = 4n * NS_PER_SECOND;
const TIMEOUT_SECONDS = 12;
/** Dendrite version of SDK 10.2.0: major * 10^6 + minor * 10^3 + patch. */
const SDK_VERSION = 10 * 1_000_000 + 2 * 1_000 + 0;
/** A documentation address (RFC 5737) for the dendrite's published IP. */
const DENDRITE_IP = '203.0.113.9';
const UUID_V1 = /^[0-9a-f]{8}-[0-9a-f]{4}-1[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function sha3Hex(text: string): string {
  return bytesToHex(sha3_256(utf8ToBytes(text)));
}

/** Dummy has no `required_hash_fields`, so its body hash is SHA3-256 of the empty string. */
const DUMMY_BODY_HASH = sha3Hex('');

function nowNs(): bigint {
  return BigInt(Date.now()) * 1_000_000n;
}

let uuidCounter = 0;
/** Returns a new UUID v1-shaped string, so each case starts a new `hotkey:uuid` nonce key. */
function nextUuid(): string {
  uuidCounter += 1;
  return `00000000-0000-1000-8000-${uuidCounter.toString(16).padStart(12, '0')}`;
}

interface WireRequest {
  path: string;
  headers: Record<string, string>;
  body: string;
}

interface RequestParts {
  input?: number;
  synapse?: string;
  nonce?: bigint;
  uuid?: string;
  /** Key that signs the message; defaults to `sender`. */
  signer?: KeyringPair;
  sender?: KeyringPair;
  /** Axon hotkey in the header; defaults to the miner. */
  axonHotkey?: string;
  /** Axon hotkey in the signed message; defaults to `axonHotkey`. */
  signedAxonHotkey?: string;
  /** Hash in the `computed_body_hash` header and the signed message. */
  bodyHash?: string;
  /** Signs `<Bytes>message</Bytes>`, the wrapped form that axons also accept. */
  wrapMessage?: boolean;
}

/**
 * Builds a Dummy request as the SDK's dendrite sends it: the synapse as
 * Python `json.dumps` text, `bt_header_*` headers, and an sr25519 signature
 * of `{nonce}.{dendrite_hotkey}.{axon_hotkey}.{uuid}.{body_hash}`.
 */
function dummyRequest(axonPort: number, parts: RequestParts = {}): WireRequest {
  const synapse = parts.synapse ?? 'Dummy';
  const sender = parts.sender ?? validator;
  const signer = parts.signer ?? sender;
  const axonHotkey = parts.axonHotkey ?? miner.address;
  const nonce = parts.nonce ?? nowNs();
  const uuid = parts.uuid ?? nextUuid();
  const bodyHash = parts.bodyHash ?? DUMMY_BODY_HASH;
  const input = parts.input ?? 21;

  const signedAxonHotkey = parts.signedAxonHotkey ?? axonHotkey;
  const message = `${nonce}.${sender.address}.${signedAxonHotkey}.${uuid}.${bodyHash}`;
  const signed = parts.wrapMessage ? `<Bytes>${message}</Bytes>` : message;
  const signature = `0x${bytesToHex(signer.sign(utf8ToBytes(signed)))}`;
  const dendrite =
    `{"status_code": null, "status_message": null, "process_time": null, "ip": "${DENDRITE_IP}", ` +
    `"port": null, "version": ${SDK_VERSION}, "nonce": ${nonce}, "uuid": "${uuid}", ` +
    `"hotkey": "${sender.address}", "signature": "${signature}"}`;
  const axon =
    `{"status_code": null, "status_message": null, "process_time": null, "ip": "127.0.0.1", ` +
    `"port": ${axonPort}, "version": null, "nonce": null, "uuid": null, ` +
    `"hotkey": "${axonHotkey}", "signature": null}`;
  const body =
    `{"name": "${synapse}", "timeout": ${TIMEOUT_SECONDS}.0, "total_size": 0, "header_size": 0, ` +
    `"dendrite": ${dendrite}, "axon": ${axon}, "computed_body_hash": "", ` +
    `"dummy_input": ${input}, "dummy_output": null}`;
  const headers = {
    'content-type': 'application/json',
    name: synapse,
    timeout: `${TIMEOUT_SECONDS}.0`,
    bt_header_axon_ip: '127.0.0.1',
    bt_header_axon_port: String(axonPort),
    bt_header_axon_hotkey: axonHotkey,
    bt_header_dendrite_ip: DENDRITE_IP,
    bt_header_dendrite_version: String(SDK_VERSION),
    bt_header_dendrite_nonce: String(nonce),
    bt_header_dendrite_uuid: uuid,
    bt_header_dendrite_hotkey: sender.address,
    bt_header_dendrite_signature: signature,
    bt_header_input_obj_dummy_input: Buffer.from('0').toString('base64'),
    header_size: '0',
    total_size: String(Buffer.byteLength(body)),
    computed_body_hash: bodyHash,
  };
  return { path: `/${synapse}`, headers, body };
}

const logs = captureLogger('axon-wire');
/** Hotkeys the controlled blacklist lets through, as a metagraph of registered neurons would. */
const registered = new Set([validator.address]);
const blacklistCalls: TerminalInfo[] = [];
let axon: FastifyInstance;
let axonPort: number;

function blacklist(caller: TerminalInfo): string | undefined {
  blacklistCalls.push(caller);
  return caller.hotkey !== undefined && registered.has(caller.hotkey)
    ? undefined
    : `hotkey ${caller.hotkey} is not registered`;
}

async function send(request: WireRequest): Promise<{ status: number; json: unknown }> {
  const reply = await fetch(`http://127.0.0.1:${axonPort}${request.path}`, {
    method: 'POST',
    headers: request.headers,
    body: request.body,
  });
  return { status: reply.status, json: JSON.parse(await reply.text()) };
}

/**
 * Checks an error response: the status, a body that is exactly
 * `{"message": <text>}`, and a message that names the failed check.
 */
function expectRejected(
  response: { status: number; json: unknown },
  status: number,
  reason: RegExp,
): void {
  expect(response.status).toBe(status);
  expect(Object.keys(response.json as object)).toEqual(['message']);
  expect((response.json as { message: unknown }).message).toMatch(reason);
}

beforeAll(async () => {
  const dummy: SynapseHandler<DummyFields> = { synapse: DUMMY_SYNAPSE, answer: answerDummy };
  axon = await buildAxonServer({
    hotkey: miner.address,
    handlers: [dummy as unknown as SynapseHandler],
    blacklist,
    logger: logs.logger,
  });
  await axon.listen({ host: '127.0.0.1', port: 0 });
  axonPort = (axon.server.address() as AddressInfo).port;
});

afterAll(async () => {
  await axon?.close();
});

describe('miner axon on the wire', () => {
  it('answers a valid request', async () => {
    const response = await send(dummyRequest(axonPort, { input: 21 }));
    expect(response.status).toBe(200);
    const fields = response.json as { dummy_input: number; dummy_output: number };
    expect(fields.dummy_input).toBe(21);
    expect(fields.dummy_output).toBe(42);
  });

  it('accepts a strictly newer nonce for the same key', async () => {
    const uuid = nextUuid();
    const first = nowNs();
    expect((await send(dummyRequest(axonPort, { uuid, nonce: first, input: 5 }))).status).toBe(200);
    const second = await send(dummyRequest(axonPort, { uuid, nonce: first + 1n, input: 6 }));
    expect(second.status).toBe(200);
    expect((second.json as { dummy_output: number }).dummy_output).toBe(12);
  });

  it('accepts a signature of the wrapped message', async () => {
    const response = await send(dummyRequest(axonPort, { wrapMessage: true, input: 8 }));
    expect(response.status).toBe(200);
    expect((response.json as { dummy_output: number }).dummy_output).toBe(16);
  });

  it('rejects a request without signature with 401', async () => {
    const request = dummyRequest(axonPort);
    delete request.headers.bt_header_dendrite_signature;
    expectRejected(await send(request), 401, /signature/);
  });

  it('rejects an expired nonce with 401', async () => {
    const expired = nowNs() - NONCE_WINDOW_NS - BigInt(TIMEOUT_SECONDS) * NS_PER_SECOND;
    const response = await send(dummyRequest(axonPort, { nonce: expired - 2n * NS_PER_SECOND }));
    expectRejected(response, 401, /nonce/);
  });

  it('rejects a replayed nonce with 401', async () => {
    const request = dummyRequest(axonPort);
    expect((await send(request)).status).toBe(200);
    expectRejected(await send(request), 401, /nonce/);
  });

  it('rejects an older nonce after a newer one with 401', async () => {
    const uuid = nextUuid();
    const nonce = nowNs();
    expect((await send(dummyRequest(axonPort, { uuid, nonce }))).status).toBe(200);
    expectRejected(await send(dummyRequest(axonPort, { uuid, nonce: nonce - 1n })), 401, /nonce/);
  });

  it('rejects a bad signature with 401', async () => {
    const response = await send(dummyRequest(axonPort, { signer: stranger }));
    expectRejected(response, 401, /signature/);
  });

  it('rejects a request addressed to another axon with 401', async () => {
    const response = await send(dummyRequest(axonPort, { axonHotkey: stranger.address }));
    expectRejected(response, 401, /axon hotkey/);
  });

  it('rejects a signature for another axon with 401', async () => {
    // The header names this axon, but the signed message names another one.
    const request = dummyRequest(axonPort, { signedAxonHotkey: stranger.address });
    expectRejected(await send(request), 401, /signature/);
  });

  it('rejects a wrong body hash with 400', async () => {
    // The signature covers the wrong hash, so only the body hash check can fail.
    const response = await send(dummyRequest(axonPort, { bodyHash: sha3Hex('other body') }));
    expectRejected(response, 400, /body hash/);
  });

  it('rejects an unregistered hotkey with 403', async () => {
    blacklistCalls.length = 0;
    const response = await send(dummyRequest(axonPort, { sender: stranger }));
    expectRejected(response, 403, /blacklisted/);
    expect(blacklistCalls.map((caller) => caller.hotkey)).toEqual([stranger.address]);
  });

  it('rejects an unknown synapse with 404', async () => {
    const response = await send(dummyRequest(axonPort, { synapse: 'Unknown' }));
    expectRejected(response, 404, /Unknown/);
  });
});

interface CapturedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * Starts an HTTP server that records each request and passes it on to the
 * axon unchanged, so a test can check exactly what the dendrite sent.
 */
async function startRecordingProxy(
  captured: CapturedRequest[],
): Promise<{ server: Server; port: number }> {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      captured.push({
        method: request.method ?? '',
        path: request.url ?? '',
        headers: request.headers,
        body,
      });
      const forwarded: Record<string, string> = {};
      for (const [name, value] of Object.entries(request.headers)) {
        if (typeof value === 'string' && !['host', 'content-length', 'connection'].includes(name)) {
          forwarded[name] = value;
        }
      }
      fetch(`http://127.0.0.1:${axonPort}${request.url}`, {
        method: 'POST',
        headers: forwarded,
        body,
      })
        .then(async (reply) => {
          response.writeHead(reply.status, { 'content-type': 'application/json' });
          response.end(await reply.text());
        })
        .catch((error: unknown) => {
          response.writeHead(502);
          response.end(String(error));
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

describe('validator dendrite on the wire', () => {
  const captured: CapturedRequest[] = [];
  const results: QueryResult<DummyFields>[] = [];
  const inputs = [1234, 99];
  let proxy: { server: Server; port: number };
  let before: bigint;
  let after: bigint;

  beforeAll(async () => {
    proxy = await startRecordingProxy(captured);
    const signer = new LocalSigner({ key: signerFromUri(VALIDATOR_URI), logger: logs.logger });
    const dendrite = new Dendrite({
      signer,
      hotkey: validator.address,
      externalIp: DENDRITE_IP,
      localAddresses: new Set(),
    });
    const target = { uid: 7, hotkey: miner.address, ip: '127.0.0.1', port: proxy.port };
    before = nowNs();
    for (const input of inputs) {
      const [result] = await dendrite.query(
        DUMMY_SYNAPSE,
        [target],
        () => ({ dummy_input: input, dummy_output: null }),
        TIMEOUT_SECONDS,
      );
      results.push(result!);
    }
    after = nowNs() + 1_000_000n;
  });

  afterAll(async () => {
    await new Promise((resolve) => proxy?.server.close(resolve));
  });

  it('gets the miner answer through the axon', () => {
    expect(results.map((result) => result.status)).toEqual([200, 200]);
    expect(results.map((result) => result.fields?.dummy_output)).toEqual([2468, 198]);
    expect(results.map((result) => result.uid)).toEqual([7, 7]);
  });

  it('posts the synapse to its name', () => {
    expect(captured).toHaveLength(2);
    for (const request of captured) {
      expect(request.method).toBe('POST');
      expect(request.path).toBe('/Dummy');
      expect(request.headers.name).toBe('Dummy');
      expect(Number(request.headers.timeout)).toBe(TIMEOUT_SECONDS);
    }
  });

  it('sends axon and dendrite terminal headers', () => {
    for (const { headers } of captured) {
      expect(headers.bt_header_axon_ip).toBe('127.0.0.1');
      expect(headers.bt_header_axon_port).toBe(String(proxy.port));
      expect(headers.bt_header_axon_hotkey).toBe(miner.address);
      expect(headers.bt_header_dendrite_ip).toBe(DENDRITE_IP);
      expect(headers.bt_header_dendrite_version).toBe(String(SDK_VERSION));
      expect(headers.bt_header_dendrite_hotkey).toBe(validator.address);
      expect(headers.bt_header_dendrite_uuid).toMatch(UUID_V1);
      expect(headers.header_size).toMatch(/^\d+$/);
      expect(headers.total_size).toMatch(/^\d+$/);
    }
  });

  it('sends wall-clock nanosecond nonces that increase', () => {
    const nonces = captured.map((request) =>
      BigInt(String(request.headers.bt_header_dendrite_nonce)),
    );
    for (const nonce of nonces) {
      expect(nonce).toBeGreaterThanOrEqual(before);
      expect(nonce).toBeLessThanOrEqual(after);
    }
    expect(nonces[1]!).toBeGreaterThan(nonces[0]!);
  });

  it('keeps one uuid per dendrite', () => {
    const uuids = new Set(captured.map((request) => request.headers.bt_header_dendrite_uuid));
    expect(uuids.size).toBe(1);
  });

  it('sends the body hash of a synapse without hash fields', () => {
    for (const { headers } of captured) {
      expect(headers.computed_body_hash).toBe(DUMMY_BODY_HASH);
    }
  });

  it('signs the message over raw bytes', () => {
    for (const { headers } of captured) {
      const signature = String(headers.bt_header_dendrite_signature);
      expect(signature).toMatch(/^0x[0-9a-f]{128}$/);
      const message =
        `${headers.bt_header_dendrite_nonce}.${validator.address}.${miner.address}.` +
        `${headers.bt_header_dendrite_uuid}.${DUMMY_BODY_HASH}`;
      expect(sr25519Verify(stringToU8a(message), hexToU8a(signature), validator.publicKey)).toBe(
        true,
      );
    }
  });

  it('sends the synapse fields as JSON', () => {
    for (const [index, request] of captured.entries()) {
      const body = JSON.parse(request.body) as Record<string, unknown>;
      expect(body.name).toBe('Dummy');
      expect(body.dummy_input).toBe(inputs[index]);
      expect(body.dummy_output).toBeNull();
      const dendrite = body.dendrite as Record<string, unknown>;
      expect(dendrite.hotkey).toBe(validator.address);
      expect(dendrite.signature).toBe(request.headers.bt_header_dendrite_signature);
      // JSON.parse rounds integers above 2^53, so the nonce is compared as text.
      expect(request.body).toContain(`"nonce": ${request.headers.bt_header_dendrite_nonce}`);
    }
  });

  it('carries a base64 JSON header per required field', () => {
    for (const { headers } of captured) {
      const encoded = String(headers.bt_header_input_obj_dummy_input);
      expect(() => JSON.parse(Buffer.from(encoded, 'base64').toString('utf8'))).not.toThrow();
    }
  });
});
