import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { encodeAddress, mnemonicToMiniSecret, sr25519PairFromSeed } from '@polkadot/util-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { revokeToken } from '../../src/security/token-admin.js';
import type { RunningService } from '../../src/service/server.js';
import { captureLogger } from '../helpers/log-capture.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { httpRequest, type ServiceResponse, type HttpRequestOptions } from './http-client.js';
import { encodedForms, findLeaks, mnemonicForms, type SecretForms } from './secret-forms.js';
import { addToken, startScopedService, writeTestWallet, type TestWallet } from './service-setup.js';

const temp = makeTempDir('security-leak');
const walletPath = path.join(temp.dir, 'wallets');
const tokenFile = path.join(temp.dir, 'tokens.yaml');
const passwordFile = path.join(temp.dir, 'passwords.yaml');
const logs = captureLogger('security-leak');
const password = 'leak check password c41e 77';
const legacySecret = 'legacy-leak-token-0b9e5d3a71c2f486';
const answers: ServiceResponse[] = [];
const tokens: Record<string, string> = {};
let wallets: TestWallet[];
let service: RunningService;

/** SS58 address (prefix 42) of a mnemonic's sr25519 key, computed without src/keystore. */
function addressOf(mnemonic: string): string {
  return encodeAddress(sr25519PairFromSeed(mnemonicToMiniSecret(mnemonic)).publicKey, 42);
}

async function send(route: string, options: HttpRequestOptions): Promise<ServiceResponse> {
  const answer = await httpRequest(service.url, route, options);
  answers.push(answer);
  return answer;
}

function setWeightsBody(wallet: string, extra: Record<string, unknown> = {}) {
  return {
    wallet_name: wallet,
    hotkey_name: 'default',
    transaction_data: { netuid: 2, uids: [1], weights: [1], version_key: 1 },
    ...extra,
  };
}

function transferBody(amount: number) {
  return {
    wallet_name: 'validator',
    transaction_data: { destination: wallets[1]!.addresses.coldkey, amount },
  };
}

function allSecrets(): SecretForms[] {
  const list: SecretForms[] = [
    { name: 'legacy token', forms: encodedForms(legacySecret) },
    { name: 'wallet password', forms: encodedForms(password) },
  ];
  for (const [id, secret] of Object.entries(tokens)) {
    list.push({ name: `token ${id}`, forms: encodedForms(secret) });
    // The random part alone identifies the secret just as well.
    list.push({ name: `token ${id} random part`, forms: encodedForms(secret.slice(-43)) });
  }
  for (const wallet of wallets) {
    list.push(...mnemonicForms(`${wallet.name} coldkey`, wallet.coldMnemonic));
    for (const [hotkey, mnemonic] of Object.entries(wallet.hotMnemonics)) {
      list.push(...mnemonicForms(`${wallet.name}/${hotkey}`, mnemonic));
    }
  }
  return list;
}

beforeAll(async () => {
  wallets = [
    await writeTestWallet(walletPath, 'validator', ['default'], password),
    await writeTestWallet(walletPath, 'miner', ['default']),
  ];
  writeFileSync(passwordFile, `validator: ${JSON.stringify(password)}\n`, { mode: 0o600 });
  const policy = { policy: { wallets: { validator: { coldkey: { enabled: true } } } } };
  writeFileSync(tokenFile, stringify(policy), { mode: 0o600 });
  tokens['miner-node'] = addToken(tokenFile, {
    id: 'miner-node',
    operations: ['serve_axon', 'sign'],
    wallets: ['miner'],
    hotkeys: ['miner/default'],
  });
  tokens['validator-node'] = addToken(tokenFile, {
    id: 'validator-node',
    operations: ['set_weights', 'sign'],
    wallets: ['validator'],
    hotkeys: ['validator/default'],
  });
  tokens.operator = addToken(tokenFile, { id: 'operator', operations: ['admin'] });
  tokens.treasury = addToken(tokenFile, {
    id: 'treasury',
    operations: ['transfer'],
    wallets: ['validator'],
    coldkey: true,
  });
  tokens['revoked-node'] = addToken(tokenFile, {
    id: 'revoked-node',
    operations: ['sign'],
    wallets: ['miner'],
    hotkeys: ['miner/default'],
  });
  revokeToken(tokenFile, 'revoked-node');
  service = await startScopedService({
    walletPath,
    tokenFile,
    passwordFile,
    dataDir: temp.dir,
    logger: logs.logger,
    legacyToken: legacySecret,
  });
});

afterAll(async () => {
  await service?.close();
  temp.remove();
});

describe('secrets with scoped tokens', () => {
  it('returns the planned statuses', async () => {
    const miner = tokens['miner-node']!;
    const validator = tokens['validator-node']!;
    const operator = tokens.operator!;
    const signBody = (wallet: string, data: string) => ({
      wallet_name: wallet,
      hotkey_name: 'default',
      messages: [{ data }],
    });
    const planned: [number, string, HttpRequestOptions][] = [
      // Allowed requests, one of them signing a secret as its message.
      [200, '/wallet/sign', { method: 'POST', token: miner, body: signBody('miner', miner) }],
      [
        503,
        '/wallet/set_weights',
        { method: 'POST', token: validator, body: setWeightsBody('validator') },
      ],
      [
        200,
        '/wallet/sign',
        { method: 'POST', token: legacySecret, body: signBody('validator', password) },
      ],
      [200, '/wallet/info?wallet_name=validator', { token: miner }],
      [200, '/admin/keys', { token: operator }],
      [200, '/admin/reload', { method: 'POST', token: operator }],
      // Rejected by scope.
      [403, '/wallet/sign', { method: 'POST', token: miner, body: signBody('validator', 'x') }],
      [
        403,
        '/wallet/set_weights',
        { method: 'POST', token: miner, body: setWeightsBody('validator') },
      ],
      [403, '/admin/keys', { token: validator }],
      [403, '/wallet/transfer', { method: 'POST', token: miner, body: transferBody(1000) }],
      // The encrypted coldkey signs nothing before the chain is reached.
      [
        503,
        '/wallet/transfer',
        { method: 'POST', token: tokens.treasury, body: transferBody(1000) },
      ],
      [
        400,
        '/wallet/transfer',
        { method: 'POST', token: tokens.treasury, body: transferBody(1.5) },
      ],
      // Wrong or revoked credentials.
      [401, '/admin/keys', { token: `${operator}x` }],
      [
        401,
        '/admin/keys',
        { token: `${operator.slice(0, -1)}${operator.endsWith('A') ? 'B' : 'A'}` },
      ],
      [401, '/admin/keys', { token: `mst_validator-node_${miner.slice(-43)}` }],
      [
        401,
        '/wallet/sign',
        { method: 'POST', token: tokens['revoked-node'], body: signBody('miner', 'x') },
      ],
      [
        401,
        '/admin/keys',
        { headers: { authorization: `Basic ${Buffer.from(operator).toString('base64')}` } },
      ],
      [401, '/admin/keys', { headers: { 'x-api-key': operator } }],
      // Malformed requests that carry secrets in fields the service reads. Secrets
      // in query strings and valid-looking names are in misplaced-secret.test.ts.
      [
        400,
        '/wallet/set_weights',
        { method: 'POST', token: validator, body: setWeightsBody(wallets[0]!.coldMnemonic) },
      ],
      [400, '/wallet/info?wallet_name=../../etc', { token: miner }],
      [
        400,
        '/wallet/set_weights',
        {
          method: 'POST',
          token: validator,
          body: setWeightsBody('validator', { extra: validator }),
        },
      ],
      [
        400,
        '/wallet/sign',
        {
          method: 'POST',
          token: miner,
          body: { ...signBody('miner', 'x'), hotkey_name: password },
        },
      ],
      [
        400,
        '/wallet/sign',
        {
          method: 'POST',
          token: miner,
          rawBody: `{"password": "${password}", "mnemonic": "${wallets[1]!.coldMnemonic}"`,
          headers: { 'content-type': 'application/json' },
        },
      ],
      [
        400,
        '/wallet/sign',
        {
          method: 'POST',
          token: miner,
          rawBody: `{"wallet_name": ${operator}}`,
          headers: { 'content-type': 'application/json' },
        },
      ],
      [
        415,
        '/wallet/sign',
        {
          method: 'POST',
          token: miner,
          rawBody: `secret=${operator}`,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        },
      ],
    ];
    const statuses: string[] = [];
    const expected: string[] = [];
    for (const [status, route, options] of planned) {
      const answer = await send(route, options);
      statuses.push(`${route} ${answer.status}`);
      expected.push(`${route} ${status}`);
    }
    expect(statuses).toEqual(expected);
  });

  it('returns public data only from /admin/keys', async () => {
    const answer = await send('/admin/keys', { token: tokens.operator });
    expect(answer.status).toBe(200);
    const expectedWallets = wallets
      .map((wallet) => ({
        name: wallet.name,
        coldkey: { name: 'coldkey', address: addressOf(wallet.coldMnemonic), can_sign: true },
        hotkeys: Object.entries(wallet.hotMnemonics).map(([name, mnemonic]) => ({
          name,
          address: addressOf(mnemonic),
          can_sign: true,
        })),
      }))
      .sort((a, b) => a.name.localeCompare(b.name));
    const actual = [...(answer.json?.wallets as { name: string }[])].sort((a, b) =>
      a.name.localeCompare(b.name),
    );
    // toEqual also fails on any extra field, such as a key or a seed.
    expect(actual).toEqual(expectedWallets);
  });

  it('keeps secrets out of logs, responses, databases', async () => {
    await service.close();
    // The audit log, its write-ahead log and every other database of the service.
    const auditFiles = readdirSync(temp.dir).filter((name) => name.includes('.sqlite'));
    expect(auditFiles).toContain('audit.sqlite');
    const places: [string, string][] = [
      ['logs', logs.text()],
      ...answers.map((answer, index): [string, string] => [
        `answer ${index}`,
        `${answer.text}\n${JSON.stringify(answer.headers)}`,
      ]),
      ...auditFiles.map((name): [string, string] => [
        name,
        readFileSync(path.join(temp.dir, name)).toString('latin1'),
      ]),
      ['token file', readFileSync(tokenFile, 'utf8')],
    ];
    expect(answers.length).toBeGreaterThan(20);
    expect(logs.text()).toContain('request rejected');
    expect(findLeaks(allSecrets(), places)).toEqual([]);
  });

  it('finds a planted secret', () => {
    // Guards the search itself: a leak in any encoding must be reported.
    const secret = tokens['miner-node']!;
    const planted: [string, string][] = [
      ['plain', `x${secret}x`],
      ['base64', Buffer.from(secret).toString('base64')],
      [
        'seed hex',
        `0x${Buffer.from(mnemonicToMiniSecret(wallets[1]!.coldMnemonic)).toString('hex')}`,
      ],
    ];
    expect(findLeaks(allSecrets(), planted)).toEqual([
      'token miner-node in plain',
      'token miner-node random part in plain',
      'token miner-node in base64',
      // The prefix mst_miner-node_ is 15 bytes, so the random part keeps its own base64 form.
      'token miner-node random part in base64',
      'miner coldkey seed in seed hex',
    ]);
  });
});
