import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { mnemonicGenerate, mnemonicToMiniSecret } from '@polkadot/util-crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { writeWallet } from '../../src/keystore/index.js';
import type { RunningService } from '../../src/service/server.js';
import { freePort } from '../helpers/devnet-process.js';
import { captureLogger } from '../helpers/log-capture.js';
import { callService, startTestService } from '../helpers/service.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const temp = makeTempDir('secret-leak');
const walletPath = path.join(temp.dir, 'wallets');
const logs = captureLogger('leak');
const token = 'leak-check-token-7f3a9c1e5b2d4f6a8c0e';
const password = 'leak check password 93b1';
const coldMnemonic = mnemonicGenerate(12);
const hotMnemonic = mnemonicGenerate(12);
const responses: string[] = [];
let service: RunningService;

/** Every form in which a secret could slip out: text, hex and base64 of its bytes. */
function forms(secret: string | Uint8Array): string[] {
  const bytes = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : Buffer.from(secret);
  const list = [bytes.toString('hex'), bytes.toString('base64'), bytes.toString('base64url')];
  if (typeof secret === 'string') {
    list.push(secret);
  }
  return list;
}

async function record(
  method: 'GET' | 'POST',
  route: string,
  options: Parameters<typeof callService>[3],
): Promise<number> {
  const reply = await callService(service, method, route, options);
  responses.push(JSON.stringify(reply.body), JSON.stringify([...reply.headers]));
  return reply.status;
}

beforeAll(async () => {
  await writeWallet({
    root: walletPath,
    name: 'validator',
    coldkey: { mnemonic: coldMnemonic },
    hotkeys: { default: { mnemonic: hotMnemonic } },
    password,
  });
  const passwordFile = path.join(temp.dir, 'passwords.yaml');
  writeFileSync(passwordFile, `validator: ${password}\n`, { mode: 0o600 });
  // No chain runs here: transaction routes answer 503, which must not leak either.
  const port = await freePort();
  service = await startTestService({
    walletPath,
    chainEndpoint: `ws://127.0.0.1:${port}`,
    token,
    dataDir: temp.dir,
    logger: logs.logger,
    passwordFile,
  });
});

afterAll(async () => {
  await service?.close();
  temp.remove();
});

it('keeps secrets out of logs, answers and the audit log', async () => {
  const setWeights = {
    wallet_name: 'validator',
    hotkey_name: 'default',
    transaction_data: { netuid: 2, uids: [1], weights: [1], version_key: 1 },
  };
  expect(await record('POST', '/wallet/set_weights', { token, body: setWeights })).toBe(503);
  expect(
    await record('POST', '/wallet/set_weights', { token: `${token}x`, body: setWeights }),
  ).toBe(401);
  expect(
    await record('POST', '/wallet/set_weights', { token, body: { ...setWeights, extra: token } }),
  ).toBe(400);
  expect(
    await record('POST', '/wallet/sign', {
      token,
      body: { wallet_name: 'validator', hotkey_name: 'default', messages: [{ data: 'hello' }] },
    }),
  ).toBe(200);
  expect(await record('GET', '/wallet/info?wallet_name=validator', { token })).toBe(200);
  expect(
    await record('POST', '/wallet/set_weights', { token, rawBody: `{"password": "${password}"` }),
  ).toBe(400);
  const info = JSON.parse(responses[responses.length - 4]!) as { coldkey: { can_sign: boolean } };
  expect(info.coldkey.can_sign).toBe(true);
  await service.close();

  const auditFiles = readdirSync(temp.dir).filter((name) => name.startsWith('audit.sqlite'));
  expect(auditFiles.length).toBeGreaterThan(0);
  const haystacks: [string, string][] = [
    ['logs', logs.text()],
    ['responses', responses.join('\n')],
    ...auditFiles.map((name): [string, string] => [
      name,
      readFileSync(path.join(temp.dir, name)).toString('latin1'),
    ]),
  ];
  const secrets: [string, string[]][] = [
    ['token', forms(token)],
    ['password', forms(password)],
    ['coldkey mnemonic', forms(coldMnemonic)],
    ['hotkey mnemonic', forms(hotMnemonic)],
    ['coldkey seed', forms(mnemonicToMiniSecret(coldMnemonic))],
    ['hotkey seed', forms(mnemonicToMiniSecret(hotMnemonic))],
  ];
  expect(logs.text().length).toBeGreaterThan(100);
  for (const [where, text] of haystacks) {
    for (const [name, variants] of secrets) {
      for (const variant of variants) {
        expect(text.includes(variant), `${name} found in ${where}`).toBe(false);
      }
    }
  }
});
