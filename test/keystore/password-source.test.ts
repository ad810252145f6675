import { describe, expect, it } from 'vitest';
import { PasswordSourceError } from '../../src/keystore/errors.js';
import {
  btPasswordVariableName,
  decodeBtPasswordVariable,
  findPassword,
  parsePasswordFile,
} from '../../src/keystore/password-source.js';
import { encodeBtPassword } from './helpers.js';

const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

function caughtMessage(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(PasswordSourceError);
    return (error as Error).message;
  }
  throw new Error('expected a PasswordSourceError');
}

describe('BT_PW_ variables', () => {
  it('builds the name from the key file path', () => {
    expect(btPasswordVariableName('/home/alice/.bittensor/wallets/default/coldkey')).toBe(
      'BT_PW__HOME_ALICE__BITTENSOR_WALLETS_DEFAULT_COLDKEY',
    );
  });

  it('decodes the vector value', () => {
    const name = 'BT_PW__USERS_ALICE__BITTENSOR_WALLETS_DEFAULT_COLDKEY';
    expect(decode(decodeBtPasswordVariable(name, 'c2ZsZGJpaG1q'))).toBe('123456789');
  });

  it('decodes a password longer than the name', () => {
    const name = 'BT_PW__W_C';
    const password = 'a much longer password than the variable name, with ünïcode';
    expect(decode(decodeBtPasswordVariable(name, encodeBtPassword(name, password)))).toBe(password);
  });

  it('rejects a plain password value', () => {
    const message = caughtMessage(() => decodeBtPasswordVariable('BT_PW__X', 'hunter2!'));
    expect(message).toMatch(/not standard base64/);
    expect(message).not.toContain('hunter2');
  });
});

describe('parsePasswordFile', () => {
  it('reads YAML with every value as a string', () => {
    const entries = parsePasswordFile(
      'validator: 123456\nminer: yes\nminer/default: "a: b"\n',
      '/p',
    );
    expect(Object.fromEntries(entries)).toEqual({
      validator: '123456',
      miner: 'yes',
      'miner/default': 'a: b',
    });
  });

  it('reads JSON', () => {
    const entries = parsePasswordFile('{"validator": "pw one", "miner": 42}', '/p');
    expect(entries.get('validator')).toBe('pw one');
    expect(entries.get('miner')).toBe('42');
  });

  it('rejects a bare password', () => {
    const message = caughtMessage(() => parsePasswordFile('s3cretvalue', '/p'));
    expect(message).toMatch(/not a mapping/);
    expect(message).not.toContain('s3cretvalue');
  });

  it('rejects a traversal key', () => {
    const message = caughtMessage(() => parsePasswordFile('"../etc": s3cretvalue', '/p'));
    expect(message).toContain('../etc');
    expect(message).not.toContain('s3cretvalue');
  });

  it('reports YAML errors without the text', () => {
    const message = caughtMessage(() => parsePasswordFile('a: "s3cretvalue\nb: c', '/p'));
    expect(message).toMatch(/YAML error/);
    expect(message).not.toContain('s3cretvalue');
  });

  it('rejects duplicate keys', () => {
    expect(caughtMessage(() => parsePasswordFile('a: one\na: two', '/p'))).toMatch(/DUPLICATE/);
  });

  it('rejects an empty value', () => {
    expect(caughtMessage(() => parsePasswordFile('a:', '/p'))).toMatch(/"a"/);
  });
});

describe('findPassword', () => {
  const keyfile = '/w/validator/coldkey';
  const variable = btPasswordVariableName(keyfile);

  it('prefers the password file', () => {
    const found = findPassword(
      {
        file: new Map([['validator', 'from-file']]),
        filePath: '/pw.yaml',
        env: { [variable]: encodeBtPassword(variable, 'from-env') },
      },
      'validator',
      keyfile,
    );
    expect(decode(found?.bytes ?? new Uint8Array())).toBe('from-file');
    expect(found?.origin).toContain('/pw.yaml');
  });

  it('falls back to the variable', () => {
    const found = findPassword(
      {
        file: new Map(),
        filePath: undefined,
        env: { [variable]: encodeBtPassword(variable, 'from-env') },
      },
      'validator',
      keyfile,
    );
    expect(decode(found?.bytes ?? new Uint8Array())).toBe('from-env');
    expect(found?.origin).toBe(`variable ${variable}`);
  });

  it('returns undefined without a source', () => {
    expect(findPassword({ file: new Map(), filePath: undefined, env: {} }, 'v', keyfile)).toBe(
      undefined,
    );
  });
});
