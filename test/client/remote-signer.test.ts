import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import { hexToU8a, u8aToHex } from '@polkadot/util';
import { cryptoWaitReady, signatureVerify } from '@polkadot/util-crypto';
import { ManageServiceClient } from '../../src/client/manage-client.js';
import { RemoteSigner } from '../../src/client/remote-signer.js';
import { FaultServer, type Fault, type RecordedRequest } from './fault-server.js';

let pair: KeyringPair;
let server: FaultServer;

/** Signs like the service's /wallet/sign, with a dev key standing in for the service's hotkey. */
function signHandler(request: RecordedRequest): Fault {
  const body = request.body as { messages: { data: string; encoding?: string }[] };
  const signatures = body.messages.map((message) => {
    const bytes =
      message.encoding === 'hex' ? hexToU8a(message.data) : new TextEncoder().encode(message.data);
    return u8aToHex(pair.sign(bytes));
  });
  return { kind: 'reply', status: 200, body: { success: true, signer: pair.address, signatures } };
}

function signer(): RemoteSigner {
  const client = new ManageServiceClient({ baseUrl: server.url, token: 'remote-test-token' });
  return new RemoteSigner({ client, wallet: 'validator', hotkey: 'default' });
}

beforeAll(async () => {
  await cryptoWaitReady();
  pair = new Keyring({ type: 'sr25519', ss58Format: 42 }).addFromUri('//RemoteSignerTest');
});

beforeEach(async () => {
  server = await FaultServer.start();
  server.setDefault('/wallet/sign', signHandler);
});

afterEach(async () => {
  await server.close();
});

describe('RemoteSigner', () => {
  it('signs bytes as hex messages', async () => {
    const messages = [new Uint8Array([0, 255, 16]), new TextEncoder().encode('héllo')];
    const signatures = await signer().signMessages(messages);
    const [request] = server.requestsTo('/wallet/sign');
    expect(request?.body).toEqual({
      wallet_name: 'validator',
      hotkey_name: 'default',
      messages: [
        { data: '0x00ff10', encoding: 'hex' },
        { data: '0x68c3a96c6c6f', encoding: 'hex' },
      ],
    });
    for (const [index, signature] of signatures.entries()) {
      expect(
        signatureVerify(messages[index] ?? new Uint8Array(), signature, pair.address).isValid,
      ).toBe(true);
    }
  });

  it('splits more than 1024 messages into batches', async () => {
    const messages = Array.from({ length: 1030 }, (_, index) =>
      new TextEncoder().encode(`message ${index}`),
    );
    const signatures = await signer().signMessages(messages);
    const batches = server
      .requestsTo('/wallet/sign')
      .map((request) => (request.body as { messages: unknown[] }).messages.length);
    expect(batches).toEqual([1024, 6]);
    expect(signatures).toHaveLength(1030);
    for (const index of [0, 1023, 1024, 1029]) {
      const valid = signatureVerify(
        messages[index] ?? new Uint8Array(),
        signatures[index] ?? new Uint8Array(),
        pair.address,
      );
      expect(valid.isValid).toBe(true);
    }
  });

  it('sends no request for no messages', async () => {
    expect(await signer().signMessages([])).toEqual([]);
    expect(server.requests).toHaveLength(0);
  });

  it('rejects a wrong signature count', async () => {
    server.setDefault('/wallet/sign', () => ({
      kind: 'reply',
      status: 200,
      body: { success: true, signer: pair.address, signatures: [] },
    }));
    await expect(signer().signMessages([new Uint8Array([1])])).rejects.toThrow(
      /returned 0 signatures for 1 messages/,
    );
  });

  it('rejects a malformed signature', async () => {
    server.setDefault('/wallet/sign', () => ({
      kind: 'reply',
      status: 200,
      body: { success: true, signer: pair.address, signatures: ['0x1234'] },
    }));
    await expect(signer().signMessages([new Uint8Array([1])])).rejects.toThrow(/invalid form/);
  });

  it('fetches the hotkey address once', async () => {
    server.setDefault('/wallet/info', () => ({
      kind: 'reply',
      status: 200,
      body: {
        wallet_name: 'validator',
        coldkey: { name: 'coldkey', can_sign: false },
        hotkey: { name: 'default', address: pair.address, can_sign: true },
      },
    }));
    const remote = signer();
    expect(remote.knownHotkeyAddress).toBeUndefined();
    expect(await remote.hotkeyAddress()).toBe(pair.address);
    expect(await remote.hotkeyAddress()).toBe(pair.address);
    expect(remote.knownHotkeyAddress).toBe(pair.address);
    expect(server.requestsTo('/wallet/info')).toHaveLength(1);
  });

  it('maps set_weights request and result', async () => {
    server.setDefault('/wallet/set_weights', () => ({
      kind: 'reply',
      status: 200,
      body: {
        success: true,
        tx_hash: '0xaa',
        status: 'in_block',
        block_hash: '0xbb',
        block_number: 12,
        nonce: 3,
        signer: pair.address,
        request_id: 'req-7',
      },
    }));
    const result = await signer().setWeights({
      netuid: 2,
      uids: [1, 2],
      weights: [10, 20],
      versionKey: 18_446_744_073_709_551_615n,
      waitForInclusion: true,
    });
    const [request] = server.requestsTo('/wallet/set_weights');
    expect(request?.body).toEqual({
      wallet_name: 'validator',
      hotkey_name: 'default',
      transaction_data: {
        netuid: 2,
        uids: [1, 2],
        weights: [10, 20],
        version_key: '18446744073709551615',
        wait_for_inclusion: true,
      },
    });
    expect(result).toEqual({
      txHash: '0xaa',
      status: 'in_block',
      blockHash: '0xbb',
      blockNumber: 12,
      nonce: 3,
      signer: pair.address,
      mode: 'remote',
      requestId: 'req-7',
    });
  });

  it('returns a skipped serve_axon', async () => {
    server.setDefault('/wallet/serve_axon', () => ({
      kind: 'reply',
      status: 200,
      body: {
        success: true,
        skipped: true,
        reason: 'axon unchanged',
        signer: pair.address,
        request_id: 'r',
      },
    }));
    const result = await signer().serveAxon({ netuid: 2, ip: '203.0.113.5', port: 8091 });
    expect(result).toEqual({ skipped: true, reason: 'axon unchanged', signer: pair.address });
    const [request] = server.requestsTo('/wallet/serve_axon');
    expect(request?.body).toEqual({
      wallet_name: 'validator',
      hotkey_name: 'default',
      transaction_data: { netuid: 2, ip: '203.0.113.5', port: 8091 },
    });
  });
});
