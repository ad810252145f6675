import type { NewCommit } from '../../src/commits/index.js';

/** Returns a commit as the service stores it before sending, for a validator on netuid 2. */
export function newCommit(overrides: Partial<NewCommit> = {}): NewCommit {
  return {
    wallet: 'validator',
    hotkeyName: 'default',
    hotkeyAddress: '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty',
    netuid: 2,
    mechid: null,
    uids: [0, 1, 2],
    weights: [65535, 1000, 3],
    salt: [11, 22, 33, 44, 55, 66, 77, 88],
    versionKey: 18_446_744_073_709_551_615n,
    commitHash: '0x' + 'AB'.repeat(32),
    ...overrides,
  };
}
