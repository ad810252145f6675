import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Root of this project (the folder with package.json), from either `src/` or `dist/`. */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** btcli's default wallet folder. */
export const DEFAULT_WALLET_PATH = '~/.bittensor/wallets';

/** Expands a leading `~` the way a shell would, since values from env files arrive unexpanded. */
export function expandHome(value: string): string {
  if (value === '~') {
    return os.homedir();
  }
  if (value.startsWith('~/')) {
    return path.join(os.homedir(), value.slice(2));
  }
  return value;
}
