import Database from 'better-sqlite3';
import { prepareDatabaseFile } from './database-file.js';
import { INSERT_AUDIT_ROW, rowOf, toRecord } from './audit-row.js';
import { AUDIT_SCHEMA_VERSION, CREATE_AUDIT_TABLE } from './schema.js';

/** Outcome of a wallet operation, from the client's point of view. */
export type AuditOutcome = 'success' | 'submitted' | 'rejected' | 'failed';

/** One audited request. It never contains a secret: tokens appear only as their id. */
export interface AuditEntry {
  time?: string;
  requestId: string;
  clientAddress?: string;
  tokenId?: string;
  operation: string;
  wallet?: string;
  hotkey?: string;
  keyAddress?: string;
  paramsDigest?: string;
  paramsSummary?: string;
  outcome: AuditOutcome;
  httpStatus: number;
  errorType?: string;
  errorCode?: string;
  chainError?: string;
  txHash?: string;
  blockHash?: string;
  blockNumber?: number;
  durationMs?: number;
}

export interface AuditRecord extends Required<
  Pick<AuditEntry, 'time' | 'requestId' | 'operation' | 'outcome' | 'httpStatus'>
> {
  id: number;
  clientAddress: string | null;
  tokenId: string | null;
  wallet: string | null;
  hotkey: string | null;
  keyAddress: string | null;
  paramsDigest: string | null;
  paramsSummary: string | null;
  errorType: string | null;
  errorCode: string | null;
  chainError: string | null;
  txHash: string | null;
  blockHash: string | null;
  blockNumber: number | null;
  durationMs: number | null;
}

export interface AuditQuery {
  limit?: number;
  /** Only records with an id above this, for paging forward. */
  afterId?: number;
  requestId?: string;
  wallet?: string;
  operation?: string;
  txHash?: string;
}

/**
 * Durable record of every wallet operation, in SQLite with write-ahead
 * logging. Inserts are synchronous, so a record is on disk before the
 * caller responds to the client.
 */
export class AuditLog {
  readonly file: string;
  readonly #db: Database.Database;
  readonly #insert: Database.Statement;
  readonly #insertMany: (entries: readonly AuditEntry[]) => number[];

  private constructor(file: string, db: Database.Database) {
    this.file = file;
    this.#db = db;
    const insert = db.prepare(INSERT_AUDIT_ROW);
    this.#insert = insert;
    this.#insertMany = db.transaction((entries: readonly AuditEntry[]) =>
      entries.map((entry) => Number(insert.run(rowOf(entry)).lastInsertRowid)),
    );
  }

  /** Opens (and creates when missing) the audit database at `file`. */
  static open(file: string): AuditLog {
    prepareDatabaseFile(file, '--audit.db');
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    // FULL makes each commit survive power loss as well as a killed process.
    db.pragma('synchronous = FULL');
    db.exec(CREATE_AUDIT_TABLE);
    db.pragma(`user_version = ${AUDIT_SCHEMA_VERSION}`);
    return new AuditLog(file, db);
  }

  /** Writes one entry and returns its id. */
  record(entry: AuditEntry): number {
    return Number(this.#insert.run(rowOf(entry)).lastInsertRowid);
  }

  /**
   * Writes every entry in one transaction and returns their ids in order:
   * one wait for the disk instead of one per entry. On an error none is written.
   */
  recordMany(entries: readonly AuditEntry[]): number[] {
    return this.#insertMany(entries);
  }

  list(query: AuditQuery = {}): AuditRecord[] {
    const where: string[] = [];
    const params: Record<string, unknown> = {};
    if (query.afterId !== undefined) {
      where.push('id > @afterId');
      params.afterId = query.afterId;
    }
    for (const [field, column] of [
      ['requestId', 'request_id'],
      ['wallet', 'wallet'],
      ['operation', 'operation'],
      ['txHash', 'tx_hash'],
    ] as const) {
      if (query[field] !== undefined) {
        where.push(`${column} = @${field}`);
        params[field] = query[field];
      }
    }
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    params.limit = Math.min(Math.max(query.limit ?? 100, 1), 10_000);
    const rows = this.#db
      .prepare(`SELECT * FROM audit_events ${clause} ORDER BY id DESC LIMIT @limit`)
      .all(params) as Record<string, unknown>[];
    return rows.map(toRecord);
  }

  count(): number {
    const row = this.#db.prepare('SELECT COUNT(*) AS n FROM audit_events').get() as { n: number };
    return row.n;
  }

  close(): void {
    if (this.#db.open) {
      this.#db.close();
    }
  }
}
