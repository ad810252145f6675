import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signatureVerify } from '@polkadot/util-crypto';
import { ServiceUnreachableError } from '../../src/client/errors.js';
import { createNodeSigner } from '../../src/client/node-signer.js';
import { loadClientConfig } from '../../src/client/options.js';
import { captureLogger } from '../helpers/log-capture.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { closedPort } from './fault-server.js';
import { VECTOR_ADDRESS, VECTOR_MNEMONIC, writePlainHotkey } from './wallet-fixture.js';

let temp: { dir: string; remove: () => void };
let serviceUrl: string;
const MESSAGE = new TextEncoder().encode('node signer test');

beforeAll(async () => {
  temp = makeTempDir('client-node-signer');
  await writePlainHotkey(temp.dir, 'validator', 'default', VECTOR_MNEMONIC);
  serviceUrl = `http://127.0.0.1:${await closedPort()}`;
});

afterAll(() => {
  temp.remove();
});

function messages(text: string, msg: string): Record<string, unknown>[] {
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((line) => line.msg === msg);
}

describe('createNodeSigner', () => {
  it('falls back to the configured wallet', async () => {
    const argv = ['--manage.service_url', serviceUrl, '--manage.retries', '0'];
    argv.push('--wallet.name', 'validator', '--wallet.path', temp.dir);
    const capture = captureLogger('node-signer-test', 'info');
    const signer = await createNodeSigner(loadClientConfig(argv, {}), { logger: capture.logger });
    const [signature] = await signer.signMessages([MESSAGE]);
    expect(signatureVerify(MESSAGE, signature ?? new Uint8Array(), VECTOR_ADDRESS).isValid).toBe(
      true,
    );
    expect(signer.mode).toBe('local');
    const ready = messages(capture.text(), 'local fallback signer ready');
    expect(ready).toHaveLength(1);
    expect(ready[0]?.address).toBe(VECTOR_ADDRESS);
    signer.close();
  });

  it('runs without fallback when no wallet name is given', async () => {
    const argv = ['--manage.service_url', serviceUrl, '--manage.retries', '0'];
    argv.push('--wallet.path', temp.dir);
    const { logger } = captureLogger('node-signer-test', 'info');
    const signer = await createNodeSigner(loadClientConfig(argv, {}), { logger });
    await expect(signer.signMessages([MESSAGE])).rejects.toBeInstanceOf(ServiceUnreachableError);
    expect(signer.mode).toBe('remote');
  });

  it('disables the fallback for a missing hotkey', async () => {
    const argv = ['--manage.service_url', serviceUrl, '--manage.retries', '0'];
    argv.push('--wallet.name', 'validator', '--wallet.hotkey', 'absent', '--wallet.path', temp.dir);
    const capture = captureLogger('node-signer-test', 'info');
    const signer = await createNodeSigner(loadClientConfig(argv, {}), { logger: capture.logger });
    const disabled = messages(capture.text(), 'local fallback disabled: hotkey cannot be loaded');
    expect(disabled).toHaveLength(1);
    expect(String(disabled[0]?.reason)).toContain('absent');
    await expect(signer.signMessages([MESSAGE])).rejects.toBeInstanceOf(ServiceUnreachableError);
  });
});
