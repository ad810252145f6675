import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { START_OPTIONS } from '../../src/cli/start-options.js';
import { DEVNET_OPTIONS } from '../../src/devnet/options.js';
import { ERROR_CODES } from '../../src/service/errors.js';
import { SERVICE_OPTIONS } from '../../src/service/options.js';

const readme = readFileSync('README.md', 'utf8');

/** Rows of the README's error table: code, status and type. */
function errorTableRows(): Map<string, { status: number; type: string }> {
  const rows = new Map<string, { status: number; type: string }>();
  for (const match of readme.matchAll(/^\|\s*`([A-Z_]+)`\s*\|\s*(\d{3})\s*\|\s*(\w+)\s*\|/gm)) {
    rows.set(match[1]!, { status: Number(match[2]), type: match[3]! });
  }
  return rows;
}

describe('README', () => {
  it('documents every error code with its status and type', () => {
    const rows = errorTableRows();
    for (const [code, { status, type }] of Object.entries(ERROR_CODES)) {
      expect(rows.get(code), `README error table lacks ${code}`).toEqual({ status, type });
    }
    expect([...rows.keys()].sort()).toEqual(Object.keys(ERROR_CODES).sort());
  });

  it.each([
    ['service', SERVICE_OPTIONS],
    ['devnet', DEVNET_OPTIONS],
    ['start', START_OPTIONS],
  ] as const)('documents every %s flag and variable', (_program, options) => {
    for (const option of options) {
      expect(readme, `README lacks --${option.flag}`).toContain(`\`--${option.flag}\``);
      for (const variable of option.env ?? []) {
        expect(readme, `README lacks ${variable}`).toContain(`\`${variable}\``);
      }
    }
  });
});
