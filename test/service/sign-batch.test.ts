import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { hexToU8a } from '@polkadot/util';
import { decodeAddress, mnemonicGenerate, sr25519Verify } from '@polkadot/util-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeWallet } from '../../src/keystore/index.js';
import type { RunningService } from '../../src/service/server.js';
import { freePort } from '../helpers/devnet-process.js';
import { captureLogger } from '../helpers/log-capture.js';
import { callService, startTestService } from '../helpers/service.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const temp = makeTempDir('sign-batch');
const walletPath = path.join(temp.dir, 'wallets');
const token = `test-${randomBytes(16).toString('hex')}`;
let service: RunningService;
let hotkeyAddress: string;

/** Random hex messages, so a signature returned in the wrong slot fails to verify. */
function hexMessages(count: number): { data: string; encoding: 'hex' }[] {
  return Array.from({ length: count }, (_, index) => ({
    data: `0x${randomBytes(16 + (index % 5)).toString('hex')}`,
    encoding: 'hex',
  }));
}

async function sign(messages: { data: string; encoding?: 'hex' | 'utf8' }[], hotkey = 'default') {
  return callService(service, 'POST', '/wallet/sign', {
    token,
    body: { wallet_name: 'bench', hotkey_name: hotkey, messages },
  });
}

beforeAll(async () => {
  const written = await writeWallet({
    root: walletPath,
    name: 'bench',
    coldkey: { mnemonic: mnemonicGenerate(12) },
    hotkeys: { default: { mnemonic: mnemonicGenerate(12) } },
  });
  hotkeyAddress = written.hotkeys.default!;
  // Signing needs no chain, so nothing listens on this port.
  const port = await freePort();
  service = await startTestService({
    walletPath,
    chainEndpoint: `ws://127.0.0.1:${port}`,
    token,
    dataDir: temp.dir,
    logger: captureLogger('sign-batch').logger,
  });
});

afterAll(async () => {
  await service?.close();
  temp.remove();
});

describe('POST /wallet/sign batches', () => {
  for (const count of [1, 15, 16, 300]) {
    it(`signs ${count} messages in order`, async () => {
      const messages = hexMessages(count);
      const reply = await sign(messages);

      expect(reply.status).toBe(200);
      expect(reply.body.signer).toBe(hotkeyAddress);
      expect(reply.body.signatures).toHaveLength(count);
      const publicKey = decodeAddress(hotkeyAddress);
      messages.forEach((message, index) => {
        const signature = reply.body.signatures[index] as string;
        expect(signature).toMatch(/^0x[0-9a-f]{128}$/);
        expect(sr25519Verify(hexToU8a(message.data), signature, publicKey)).toBe(true);
      });
    });
  }

  it('signs concurrent batches independently', async () => {
    const batches = [hexMessages(200), hexMessages(3), hexMessages(64)];
    const replies = await Promise.all(batches.map((messages) => sign(messages)));
    const publicKey = decodeAddress(hotkeyAddress);
    batches.forEach((messages, batchIndex) => {
      const reply = replies[batchIndex]!;
      expect(reply.status).toBe(200);
      messages.forEach((message, index) => {
        const signature = reply.body.signatures[index] as string;
        expect(sr25519Verify(hexToU8a(message.data), signature, publicKey)).toBe(true);
      });
    });
  });

  it('audits one record per batch', async () => {
    const reply = await sign(hexMessages(40));
    const [record] = service.audit.list({ requestId: reply.body.request_id });
    expect(record?.operation).toBe('sign');
    expect(record?.outcome).toBe('success');
    expect(record?.paramsSummary).toBe('messages=40');
    expect(record?.keyAddress).toBe(hotkeyAddress);
  });

  it('rejects an unknown hotkey with 404', async () => {
    const reply = await sign(hexMessages(40), 'missing');
    expect(reply.status).toBe(404);
    expect(reply.body.error.code).toBe('KEY_NOT_FOUND');
  });

  it('rejects bad hex before signing', async () => {
    const messages = [...hexMessages(30), { data: '0xabc', encoding: 'hex' as const }];
    const reply = await sign(messages);
    expect(reply.status).toBe(400);
    expect(reply.body.error.message).toContain('message 30');
  });
});
