import path from 'node:path';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { AuditLog, type AuditEntry } from '../../src/audit/audit-log.js';
import { AuditCommitQueue } from '../../src/audit/commit-queue.js';
import { makeTempDir } from '../helpers/temp-dir.js';

let temp: ReturnType<typeof makeTempDir>;
let audit: AuditLog;

function entry(requestId: string): AuditEntry {
  return { requestId, operation: 'sign', outcome: 'success', httpStatus: 200 };
}

function storedRequestIds(): string[] {
  return audit
    .list({ limit: 1000 })
    .map((record) => record.requestId)
    .sort();
}

beforeEach(() => {
  temp = makeTempDir('commit-queue');
  audit = AuditLog.open(path.join(temp.dir, 'audit.sqlite'));
});

afterEach(() => {
  vi.restoreAllMocks();
  audit.close();
  temp.remove();
});

it('commits one turn in one transaction', async () => {
  const recordMany = vi.spyOn(audit, 'recordMany');
  const queue = new AuditCommitQueue(audit);
  const names = Array.from({ length: 50 }, (_, index) => `req-${String(index).padStart(2, '0')}`);

  const ids = await Promise.all(names.map((name) => queue.append(entry(name))));

  expect(recordMany).toHaveBeenCalledTimes(1);
  expect(recordMany.mock.calls[0]![0]).toHaveLength(50);
  expect(new Set(ids).size).toBe(50);
  expect(storedRequestIds()).toEqual(names);
});

it('returns each entry its id', async () => {
  const queue = new AuditCommitQueue(audit);

  const [first, second] = await Promise.all([queue.append(entry('a')), queue.append(entry('b'))]);

  const byId = new Map(audit.list().map((record) => [record.id, record.requestId]));
  expect(byId.get(first)).toBe('a');
  expect(byId.get(second)).toBe('b');
});

it('commits separate turns separately', async () => {
  const recordMany = vi.spyOn(audit, 'recordMany');
  const queue = new AuditCommitQueue(audit);

  await queue.append(entry('first'));
  await queue.append(entry('second'));

  expect(recordMany).toHaveBeenCalledTimes(2);
  expect(storedRequestIds()).toEqual(['first', 'second']);
});

it('rejects only the entry that fails', async () => {
  const queue = new AuditCommitQueue(audit);
  // operation is NOT NULL in the table, so this row cannot be inserted.
  const broken = { ...entry('broken'), operation: undefined } as unknown as AuditEntry;

  const results = await Promise.allSettled([
    queue.append(entry('before')),
    queue.append(broken),
    queue.append(entry('after')),
  ]);

  expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  expect(storedRequestIds()).toEqual(['after', 'before']);
});

it('keeps an entry pending until its turn ends', async () => {
  const queue = new AuditCommitQueue(audit);

  const pending = queue.append(entry('later'));

  expect(storedRequestIds()).toEqual([]);
  await pending;
  expect(storedRequestIds()).toEqual(['later']);
});
