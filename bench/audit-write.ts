/**
 * Latency of one audit record write (src/audit/audit-log.ts: SQLite in WAL
 * mode with synchronous=FULL, so each commit waits for an fsync), on the
 * disk of the temporary folder and, for comparison, on tmpfs (/dev/shm),
 * where fsync returns at once. Then the same records committed in groups of
 * --group, as the service's commit queue does with the records of one
 * event-loop turn, and the cost per record.
 *
 *   node --import tsx bench/audit-write.ts [--records 3000] [--group 64]
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { AuditLog, type AuditEntry } from '../src/audit/audit-log.js';
import { parseArgs } from './support/args.js';
import { makeTempDir, makeTmpfsDir } from './support/fixtures.js';
import { printResult, progress } from './support/report.js';
import { round, summarize, type LatencySummary } from './support/stats.js';

const args = parseArgs({ records: 3000, group: 64 });

function sampleEntry(index: number): AuditEntry {
  return {
    requestId: `bench-${index}`,
    clientAddress: '127.0.0.1',
    tokenId: 'env:MANAGE_SERVICE_TOKEN',
    operation: 'sign',
    wallet: 'bench',
    hotkey: 'hk000',
    keyAddress: '5C4hrfjw9DjXZTzV3MwzrrAr9P1MJhSrvWGWqi1eSuyUpnhM',
    paramsDigest: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    paramsSummary: 'messages=1',
    outcome: 'success',
    httpStatus: 200,
    durationMs: 0.5,
  };
}

function measure(dir: string, records: number): LatencySummary & { perSecond: number } {
  const audit = AuditLog.open(path.join(dir, 'audit.sqlite'));
  try {
    for (let index = 0; index < 50; index++) {
      audit.record(sampleEntry(index));
    }
    const latencies: number[] = [];
    const started = performance.now();
    for (let index = 0; index < records; index++) {
      const before = performance.now();
      audit.record(sampleEntry(index));
      latencies.push(performance.now() - before);
    }
    const perSecond = records / ((performance.now() - started) / 1000);
    return { ...summarize(latencies), perSecond };
  } finally {
    audit.close();
  }
}

/** Commits `records` entries in transactions of `group`; returns the time per commit and per record. */
function measureGrouped(dir: string, records: number, group: number) {
  const audit = AuditLog.open(path.join(dir, 'audit.sqlite'));
  try {
    audit.recordMany(Array.from({ length: group }, (_, index) => sampleEntry(index)));
    const latencies: number[] = [];
    const started = performance.now();
    for (let first = 0; first < records; first += group) {
      const batch = Array.from({ length: Math.min(group, records - first) }, (_, offset) =>
        sampleEntry(first + offset),
      );
      const before = performance.now();
      audit.recordMany(batch);
      latencies.push(performance.now() - before);
    }
    const elapsedMs = performance.now() - started;
    const commit = summarize(latencies);
    return {
      group,
      commitP50Ms: round(commit.p50, 3),
      commitP99Ms: round(commit.p99, 3),
      perRecordMeanMs: round(elapsedMs / records, 4),
      writesPerSecond: round(records / (elapsedMs / 1000), 0),
    };
  } finally {
    audit.close();
  }
}

function rounded(summary: LatencySummary & { perSecond: number }) {
  return {
    p50Ms: round(summary.p50, 3),
    p99Ms: round(summary.p99, 3),
    meanMs: round(summary.mean, 3),
    maxMs: round(summary.max, 3),
    writesPerSecond: round(summary.perSecond, 0),
  };
}

const disk = makeTempDir('audit');
try {
  progress(`writing ${args.records} audit records in ${disk.dir}`);
  const onDisk = rounded(measure(disk.dir, args.records));
  progress(`writing ${args.records} audit records in ${disk.dir}, ${args.group} per commit`);
  const groupedOnDisk = measureGrouped(disk.dir, args.records, args.group);
  let onTmpfs: ReturnType<typeof rounded> | undefined;
  if (existsSync('/dev/shm')) {
    const tmpfs = makeTmpfsDir('audit');
    try {
      progress(`writing ${args.records} audit records in ${tmpfs.dir} (tmpfs)`);
      onTmpfs = rounded(measure(tmpfs.dir, args.records));
    } finally {
      tmpfs.remove();
    }
  }
  printResult('audit-write', {
    records: args.records,
    tempDir: disk.dir,
    onDisk,
    groupedOnDisk,
    onTmpfs,
  });
} finally {
  disk.remove();
}
