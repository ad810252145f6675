import { statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { PendingCommitStore } from '../../src/commits/index.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { newCommit } from './fixtures.js';

const temp = makeTempDir('commit-store');
const open: PendingCommitStore[] = [];
let fileCount = 0;

function openStore(name = `commits-${(fileCount += 1)}.sqlite`): PendingCommitStore {
  const store = PendingCommitStore.open(path.join(temp.dir, name));
  open.push(store);
  return store;
}

afterEach(() => {
  for (const store of open.splice(0)) {
    store.close();
  }
});

afterAll(() => temp.remove());

describe('pending commit store', () => {
  it('keeps a commit across close and reopen', () => {
    const first = openStore('reopen.sqlite');
    const stored = first.insert(newCommit({ mechid: 1 }));
    first.markCommitted(stored.id, {
      txHash: '0x' + '01'.repeat(32),
      commitBlock: 120,
      firstRevealBlock: 129,
      lastRevealBlock: 139,
    });
    first.close();

    const reopened = openStore('reopen.sqlite');
    const commit = reopened.get(stored.id);
    expect(commit).toMatchObject({
      wallet: 'validator',
      hotkeyName: 'default',
      netuid: 2,
      mechid: 1,
      uids: [0, 1, 2],
      weights: [65535, 1000, 3],
      salt: [11, 22, 33, 44, 55, 66, 77, 88],
      versionKey: 18_446_744_073_709_551_615n,
      commitHash: '0x' + 'ab'.repeat(32),
      state: 'committed',
      commitBlock: 120,
      firstRevealBlock: 129,
      lastRevealBlock: 139,
      revealAttempts: 0,
    });
  });

  it('creates the file for its owner only', () => {
    const store = openStore('mode.sqlite');
    expect(statSync(store.file).mode & 0o777).toBe(0o600);
  });

  it('starts a commit as committing', () => {
    const store = openStore();
    const stored = store.insert(newCommit());
    expect(stored.state).toBe('committing');
    expect(stored.commitBlock).toBeNull();
    expect(stored.error).toBeNull();
  });

  it('lets one reveal claim a commit', () => {
    const store = openStore();
    const { id } = store.insert(newCommit());
    expect(store.claimForReveal(id)).toBe(false);
    store.markCommitted(id, {
      txHash: '0x01',
      commitBlock: 1,
      firstRevealBlock: 2,
      lastRevealBlock: 3,
    });
    expect(store.claimForReveal(id)).toBe(true);
    expect(store.claimForReveal(id)).toBe(false);
    expect(store.get(id)?.state).toBe('revealing');
    expect(store.get(id)?.revealAttempts).toBe(1);
  });

  it('records reveal outcomes', () => {
    const store = openStore();
    const { id } = store.insert(newCommit());
    store.markCommitted(id, {
      txHash: '0x01',
      commitBlock: 1,
      firstRevealBlock: 2,
      lastRevealBlock: 3,
    });
    store.claimForReveal(id);
    store.releaseReveal(id, 'chain away');
    expect(store.get(id)).toMatchObject({ state: 'committed', error: 'chain away' });

    store.claimForReveal(id);
    store.markFailed(id, 'SubtensorModule.RevealTooEarly', '0x02');
    expect(store.get(id)).toMatchObject({
      state: 'failed',
      error: 'SubtensorModule.RevealTooEarly',
      revealTxHash: '0x02',
      commitTxHash: '0x01',
    });

    expect(store.claimForReveal(id, ['committed', 'failed'])).toBe(true);
    store.markRevealed(id, { txHash: '0x03', blockNumber: 3 });
    expect(store.get(id)).toMatchObject({
      state: 'revealed',
      error: null,
      revealTxHash: '0x03',
      revealBlock: 3,
      revealAttempts: 3,
    });
  });

  it('resolves states a stopped service left', () => {
    const store = openStore();
    const committing = store.insert(newCommit());
    const revealing = store.insert(newCommit());
    store.markCommitted(revealing.id, {
      txHash: '0x01',
      commitBlock: 1,
      firstRevealBlock: 2,
      lastRevealBlock: 3,
    });
    store.claimForReveal(revealing.id);

    expect(store.recoverInterrupted()).toBe(2);
    expect(store.get(committing.id)?.state).toBe('failed');
    expect(store.get(committing.id)?.error).toContain('before the commit was confirmed');
    expect(store.get(revealing.id)?.state).toBe('committed');
  });

  it('lists by owner, netuid and state, newest first', () => {
    const store = openStore();
    const a = store.insert(newCommit());
    const b = store.insert(newCommit({ netuid: 3 }));
    const c = store.insert(newCommit({ hotkeyName: 'other' }));
    const d = store.insert(newCommit());
    store.markExpired(d.id, 500);

    expect(store.list({ wallet: 'validator', hotkeyName: 'default' }).map((x) => x.id)).toEqual([
      d.id,
      b.id,
      a.id,
    ]);
    expect(store.list({ hotkeyName: 'default', netuid: 2 }).map((x) => x.id)).toEqual([d.id, a.id]);
    expect(store.list({ states: ['expired'] }).map((x) => x.id)).toEqual([d.id]);
    expect(store.list({ states: [] })).toEqual([]);
    expect(store.list({ limit: 1 }).map((x) => x.id)).toEqual([d.id]);
    expect(c.hotkeyName).toBe('other');
  });

  it('finds a commit by hash in any case for its hotkey only', () => {
    const store = openStore();
    const stored = store.insert(newCommit());
    const hash = '0x' + 'AB'.repeat(32);
    expect(store.findByHash(hash, stored.hotkeyAddress)?.id).toBe(stored.id);
    expect(store.findByHash(hash.toLowerCase(), stored.hotkeyAddress)?.id).toBe(stored.id);
    expect(
      store.findByHash(hash, '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY'),
    ).toBeUndefined();
  });
});
