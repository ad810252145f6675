import type { AuditEntry, AuditLog } from './audit-log.js';

interface Waiting {
  entry: AuditEntry;
  resolve: (id: number) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for the audit log: entries of one event-loop turn are written
 * in one transaction when the turn ends, so concurrent requests share a disk
 * sync. A caller that awaits `append` continues only once its entry is committed.
 */
export class AuditCommitQueue {
  readonly #audit: AuditLog;
  #waiting: Waiting[] = [];

  constructor(audit: AuditLog) {
    this.#audit = audit;
  }

  /** Queues `entry` and resolves with its id once it is committed. */
  append(entry: AuditEntry): Promise<number> {
    return new Promise((resolve, reject) => {
      if (this.#waiting.length === 0) {
        setImmediate(() => this.#flush());
      }
      this.#waiting.push({ entry, resolve, reject });
    });
  }

  #flush(): void {
    const batch = this.#waiting;
    this.#waiting = [];
    let ids: number[];
    try {
      ids = this.#audit.recordMany(batch.map((item) => item.entry));
    } catch {
      // The transaction wrote nothing. Writing one at a time confines the
      // failure to the entries that cause it.
      this.#writeEach(batch);
      return;
    }
    batch.forEach((item, index) => item.resolve(ids[index]!));
  }

  #writeEach(batch: readonly Waiting[]): void {
    for (const item of batch) {
      try {
        item.resolve(this.#audit.record(item.entry));
      } catch (error) {
        item.reject(error);
      }
    }
  }
}
