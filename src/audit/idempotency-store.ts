import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';

const CREATE_TABLE = `
CREATE TABLE IF NOT EXISTS idempotency_keys (
  token_id      TEXT    NOT NULL,
  key           TEXT    NOT NULL,
  route         TEXT    NOT NULL,
  params_digest TEXT    NOT NULL,
  instance      TEXT    NOT NULL,
  state         TEXT    NOT NULL,
  http_status   INTEGER,
  response      TEXT,
  created_at    TEXT    NOT NULL,
  PRIMARY KEY (token_id, key)
);
`;

/** Outcome of claiming an idempotency key, given earlier requests with that key. */
export type IdempotencyClaim =
  | { kind: 'new' }
  | { kind: 'replay'; status: number; response: string }
  | { kind: 'in_progress' }
  | { kind: 'interrupted' }
  | { kind: 'mismatch'; route: string };

interface Row {
  route: string;
  params_digest: string;
  instance: string;
  state: string;
  http_status: number | null;
  response: string | null;
}

/**
 * Results of requests sent with an `Idempotency-Key`, kept in the audit
 * database so a client that retries after a crash or timeout gets the first
 * response instead of a second transaction. Keys are scoped per token.
 */
export class IdempotencyStore {
  /** Distinguishes this process from earlier ones that may have died mid-request. */
  readonly instance = randomUUID();
  readonly #db: Database.Database;
  readonly #insert: Database.Statement;
  readonly #select: Database.Statement;
  readonly #complete: Database.Statement;
  readonly #remove: Database.Statement;

  constructor(file: string) {
    this.#db = new Database(file);
    this.#db.pragma('journal_mode = WAL');
    this.#db.pragma('synchronous = FULL');
    this.#db.pragma('busy_timeout = 5000');
    this.#db.exec(CREATE_TABLE);
    this.#insert = this.#db.prepare(
      `INSERT OR IGNORE INTO idempotency_keys (token_id, key, route, params_digest, instance, state, created_at)
       VALUES (?, ?, ?, ?, ?, 'in_progress', ?)`,
    );
    this.#select = this.#db.prepare(
      'SELECT * FROM idempotency_keys WHERE token_id = ? AND key = ?',
    );
    this.#complete = this.#db.prepare(
      `UPDATE idempotency_keys SET state = 'done', http_status = ?, response = ? WHERE token_id = ? AND key = ?`,
    );
    this.#remove = this.#db.prepare('DELETE FROM idempotency_keys WHERE token_id = ? AND key = ?');
  }

  /** Claims `key` for a new request, or reports what an earlier one left behind. */
  claim(tokenId: string, key: string, route: string, paramsDigest: string): IdempotencyClaim {
    const inserted = this.#insert.run(
      tokenId,
      key,
      route,
      paramsDigest,
      this.instance,
      new Date().toISOString(),
    );
    if (inserted.changes === 1) {
      return { kind: 'new' };
    }
    const row = this.#select.get(tokenId, key) as Row;
    if (row.route !== route || row.params_digest !== paramsDigest) {
      return { kind: 'mismatch', route: row.route };
    }
    if (row.state === 'done') {
      return { kind: 'replay', status: row.http_status!, response: row.response! };
    }
    return row.instance === this.instance ? { kind: 'in_progress' } : { kind: 'interrupted' };
  }

  /** Stores the final response so that repeats of the request get it back. */
  complete(tokenId: string, key: string, status: number, response: string): void {
    this.#complete.run(status, response, tokenId, key);
  }

  /** Forgets a key whose request may be retried (a 5xx or 429 that sent nothing). */
  release(tokenId: string, key: string): void {
    this.#remove.run(tokenId, key);
  }

  close(): void {
    if (this.#db.open) {
      this.#db.close();
    }
  }
}
