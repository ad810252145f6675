import { chmodSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDocument, type YAMLMap, type YAMLSeq } from 'yaml';
import { revokeToken } from '../../src/security/token-admin.js';
import type { RunningService } from '../../src/service/server.js';
import { captureLogger } from '../helpers/log-capture.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { httpRequest } from './http-client.js';
import { addToken, startScopedService, writeTestWallet } from './service-setup.js';

const temp = makeTempDir('token-reload');
const walletPath = path.join(temp.dir, 'wallets');
const tokenFile = path.join(temp.dir, 'tokens.yaml');
const logs = captureLogger('token-reload');
let service: RunningService;
let operator: string;
let miner: string;
let successor: string;

const MINER_SCOPE = {
  operations: ['sign'],
  wallets: ['miner'],
  hotkeys: ['miner/default'],
};

async function signStatus(token: string): Promise<number> {
  const answer = await httpRequest(service.url, '/wallet/sign', {
    method: 'POST',
    token,
    body: { wallet_name: 'miner', hotkey_name: 'default', messages: [{ data: 'reload' }] },
  });
  return answer.status;
}

function reload() {
  return httpRequest(service.url, '/admin/reload', { method: 'POST', token: operator });
}

/** Replaces the token file the way an editor that writes a new file and renames it does. */
function replaceTokenFile(text: string, mode = 0o600): void {
  const next = `${tokenFile}.next`;
  writeFileSync(next, text, { mode });
  chmodSync(next, mode);
  renameSync(next, tokenFile);
}

beforeAll(async () => {
  await writeTestWallet(walletPath, 'miner', ['default']);
  operator = addToken(tokenFile, { id: 'operator', operations: ['admin'] });
  miner = addToken(tokenFile, { id: 'miner-1', ...MINER_SCOPE });
  service = await startScopedService({
    walletPath,
    tokenFile,
    dataDir: temp.dir,
    logger: logs.logger,
  });
});

afterAll(async () => {
  await service?.close();
  temp.remove();
});

describe('token reload through POST /admin/reload', () => {
  it('accepts a new token only after reload', async () => {
    expect(await signStatus(miner)).toBe(200);
    successor = addToken(tokenFile, { id: 'miner-1-b', ...MINER_SCOPE });
    expect(await signStatus(successor)).toBe(401);

    const answer = await reload();
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ success: true, tokens: 3, active: 3 });
    expect(await signStatus(successor)).toBe(200);
    expect(await signStatus(miner)).toBe(200);
  });

  it('rejects a revoked token after reload', async () => {
    const revoked = revokeToken(tokenFile, 'miner-1');
    expect(revoked.alreadyRevoked).toBe(false);
    const answer = await reload();
    expect(answer.json).toEqual({ success: true, tokens: 3, active: 2 });
    const rejected = await httpRequest(service.url, '/wallet/sign', {
      method: 'POST',
      token: miner,
      body: { wallet_name: 'miner', hotkey_name: 'default', messages: [{ data: 'x' }] },
    });
    expect(rejected.status).toBe(401);
    expect(rejected.json?.error?.code).toBe('UNAUTHORIZED');
    expect(await signStatus(successor)).toBe(200);
  });

  it('suspends a token disabled by hand', async () => {
    const document = parseDocument(readFileSync(tokenFile, 'utf8'));
    const tokens = document.get('tokens') as YAMLSeq<YAMLMap>;
    const entry = tokens.items.find((item) => item.get('id') === 'miner-1-b')!;
    entry.set('disabled', true);
    replaceTokenFile(document.toString());
    expect((await reload()).status).toBe(200);
    expect(await signStatus(successor)).toBe(401);

    entry.set('disabled', false);
    replaceTokenFile(document.toString());
    expect((await reload()).status).toBe(200);
    expect(await signStatus(successor)).toBe(200);
  });

  it('keeps the old tokens when the new file is broken', async () => {
    const good = readFileSync(tokenFile, 'utf8');
    const pasted = `mst_leak_${'Q'.repeat(43)}`;
    const broken: [string, string, number][] = [
      ['syntax error', `tokens:\n  - id: x\n    secret_hash: [${pasted}\n`, 0o600],
      ['unknown field', good.replace('coldkey: false', 'coldkey: false\n    limit: 5'), 0o600],
      ['mode 0644', good, 0o644],
    ];
    for (const [label, text, mode] of broken) {
      replaceTokenFile(text, mode);
      const answer = await reload();
      expect(answer.status, label).toBe(400);
      expect(answer.json?.error?.message, label).toMatch(/previous tokens stay in force/);
      expect(answer.text, label).not.toContain(pasted);
      expect(await signStatus(successor), label).toBe(200);
    }
    expect(logs.text()).toContain('token file reload failed');
    expect(logs.text()).not.toContain(pasted);

    replaceTokenFile(good);
    expect((await reload()).status).toBe(200);
  });

  it('keeps the old tokens when the file is gone', async () => {
    const good = readFileSync(tokenFile, 'utf8');
    renameSync(tokenFile, `${tokenFile}.away`);
    const answer = await reload();
    expect(answer.status).toBe(400);
    expect(answer.json?.error?.message).toMatch(/does not exist/);
    expect(await signStatus(successor)).toBe(200);
    replaceTokenFile(good);
  });
});
