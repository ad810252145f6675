import path from 'node:path';
import Database from 'better-sqlite3';
import type { Worker } from 'node:worker_threads';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { AuditLog, type AuditEntry } from '../../src/audit/audit-log.js';
import { AuditWriter } from '../../src/audit/audit-writer.js';
import { makeTempDir } from '../helpers/temp-dir.js';

let temp: ReturnType<typeof makeTempDir>;
let audit: AuditLog;
let writer: AuditWriter;

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
  temp = makeTempDir('audit-writer');
  audit = AuditLog.open(path.join(temp.dir, 'audit.sqlite'));
  writer = new AuditWriter(audit.file);
});

afterEach(async () => {
  await writer.close();
  audit.close();
  temp.remove();
});

it('commits one turn in one transaction', async () => {
  const names = Array.from({ length: 50 }, (_, index) => `req-${String(index).padStart(2, '0')}`);

  const ids = await Promise.all(names.map((name) => writer.append(entry(name))));

  expect(writer.transactions).toBe(1);
  expect(new Set(ids).size).toBe(50);
  expect(storedRequestIds()).toEqual(names);
});

it('returns each entry its id', async () => {
  const [first, second] = await Promise.all([writer.append(entry('a')), writer.append(entry('b'))]);

  const byId = new Map(audit.list().map((record) => [record.id, record.requestId]));
  expect(byId.get(first)).toBe('a');
  expect(byId.get(second)).toBe('b');
});

it('commits separate turns separately', async () => {
  await writer.append(entry('first'));
  await writer.append(entry('second'));

  expect(writer.transactions).toBe(2);
  expect(storedRequestIds()).toEqual(['first', 'second']);
});

it('rejects only the invalid entry', async () => {
  // operation is NOT NULL in the table, so this row cannot be inserted.
  const broken = { ...entry('broken'), operation: undefined } as unknown as AuditEntry;

  const results = await Promise.allSettled([
    writer.append(entry('before')),
    writer.append(broken),
    writer.append(entry('after')),
  ]);

  expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  expect(String((results[1] as PromiseRejectedResult).reason)).toMatch(/NOT NULL.*operation/);
  expect(storedRequestIds()).toEqual(['after', 'before']);
});

it('rejects an entry that cannot be cloned', async () => {
  const unclonable = { ...entry('clone'), paramsSummary: () => 'summary' } as unknown as AuditEntry;

  await expect(writer.append(unclonable)).rejects.toThrow(
    /audit write failed: .*could not be cloned/,
  );
  await expect(writer.close()).resolves.toBeUndefined();
  expect(storedRequestIds()).toEqual([]);
});

it('keeps an entry pending until the thread has committed it', async () => {
  const pending = writer.append(entry('later'));

  expect(storedRequestIds()).toEqual([]);
  await pending;
  expect(storedRequestIds()).toEqual(['later']);
});

it('commits what is queued before it closes', async () => {
  const pending = Promise.all([writer.append(entry('x')), writer.append(entry('y'))]);

  await writer.close();

  await expect(pending).resolves.toHaveLength(2);
  expect(storedRequestIds()).toEqual(['x', 'y']);
});

it('rejects when the database cannot open', async () => {
  const broken = new AuditWriter(path.join(temp.dir, 'missing-folder', 'audit.sqlite'));
  try {
    await expect(broken.append(entry('lost'))).rejects.toThrow(/audit write failed/);
    // A later entry starts a new thread and fails the same way.
    await expect(broken.append(entry('lost again'))).rejects.toThrow(/audit write failed/);
  } finally {
    await broken.close();
  }
});

it('restarts a thread that exited', async () => {
  const threads: Worker[] = [];
  const watched = new AuditWriter(audit.file, (thread) => threads.push(thread));
  const locker = new Database(audit.file);
  try {
    await watched.append(entry('before'));
    // The write lock holds the next batch inside the thread's insert until
    // the thread is stopped, so the batch is in flight when the thread exits.
    locker.exec('BEGIN IMMEDIATE');
    const lost = watched.append(entry('during'));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const stopped = threads[0]!.terminate();
    locker.exec('ROLLBACK');
    await stopped;

    await expect(lost).rejects.toThrow(/audit write failed: audit writer thread exited/);
    await expect(watched.append(entry('after'))).resolves.toBeGreaterThan(0);
    expect(threads).toHaveLength(2);
    expect(storedRequestIds()).toEqual(expect.arrayContaining(['after', 'before']));
  } finally {
    locker.close();
    await watched.close();
  }
});
