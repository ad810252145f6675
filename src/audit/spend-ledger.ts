import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Decision } from '../security/decision.js';

/**
 * One row per coldkey operation that passed its policy. Amounts are decimal
 * text because u64 does not fit SQLite's signed 64-bit integers. `day` is
 * the UTC date, the period of `max_per_day_rao`.
 */
const CREATE_SPEND_TABLE = `
CREATE TABLE IF NOT EXISTS coldkey_spend (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  time        TEXT    NOT NULL,
  day         TEXT    NOT NULL,
  wallet      TEXT    NOT NULL,
  operation   TEXT    NOT NULL,
  amount_rao  TEXT    NOT NULL,
  request_id  TEXT    NOT NULL,
  state       TEXT    NOT NULL,
  tx_hash     TEXT
);
CREATE INDEX IF NOT EXISTS coldkey_spend_wallet_day ON coldkey_spend (wallet, day);
`;

/**
 * `reserved` is allowed and not yet settled, or sent with an unknown fate.
 * `spent` was accepted by the chain. `released` moved nothing, so the row
 * no longer counts.
 */
export type SpendState = 'reserved' | 'spent' | 'released';

export interface SpendRequest {
  wallet: string;
  operation: string;
  amountRao: bigint;
  requestId: string;
}

export interface SpendRow extends SpendRequest {
  id: number;
  time: string;
  day: string;
  state: SpendState;
  txHash: string | null;
}

export type Reservation = { allowed: true; id: number } | { allowed: false; reason: string };

function utcDay(time: Date): string {
  return time.toISOString().slice(0, 10);
}

/**
 * Amounts moved by each wallet's coldkey, kept in the audit database so the
 * daily limit survives restarts. A reservation is written before the
 * transaction is signed and counts until it is released, so a crash or a
 * timeout after sending errs toward rejecting, never toward exceeding.
 */
export class SpendLedger {
  readonly #db: Database.Database;
  readonly #insert: Database.Statement;
  readonly #amounts: Database.Statement;
  readonly #settle: Database.Statement;

  private constructor(db: Database.Database) {
    this.#db = db;
    this.#insert = db.prepare(
      `INSERT INTO coldkey_spend (time, day, wallet, operation, amount_rao, request_id, state)
       VALUES (@time, @day, @wallet, @operation, @amountRao, @requestId, 'reserved')`,
    );
    this.#amounts = db.prepare(
      `SELECT amount_rao FROM coldkey_spend WHERE wallet = ? AND day = ? AND state != 'released'`,
    );
    this.#settle = db.prepare('UPDATE coldkey_spend SET state = ?, tx_hash = ? WHERE id = ?');
  }

  /** Opens the ledger in the audit database file (or `:memory:`), adding its table when missing. */
  static open(file: string): SpendLedger {
    if (file !== ':memory:') {
      mkdirSync(path.dirname(path.resolve(file)), { recursive: true, mode: 0o700 });
    }
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('busy_timeout = 5000');
    db.exec(CREATE_SPEND_TABLE);
    return new SpendLedger(db);
  }

  /** Returns the sum of the wallet's amounts on the UTC day of `now` that were not released. */
  spentToday(wallet: string, now = new Date()): bigint {
    const rows = this.#amounts.all(wallet, utcDay(now)) as { amount_rao: string }[];
    return rows.reduce((sum, row) => sum + BigInt(row.amount_rao), 0n);
  }

  /**
   * Runs `decide` with today's total and, when it allows, reserves the
   * amount in the same write transaction, so two requests cannot both fit
   * under a limit that only one of them fits under.
   */
  reserve(
    request: SpendRequest,
    decide: (spentTodayRao: bigint) => Decision,
    now = new Date(),
  ): Reservation {
    const run = this.#db.transaction((): Reservation => {
      const decision = decide(this.spentToday(request.wallet, now));
      if (!decision.allowed) {
        return decision;
      }
      const result = this.#insert.run({
        ...request,
        amountRao: request.amountRao.toString(),
        time: now.toISOString(),
        day: utcDay(now),
      });
      return { allowed: true, id: Number(result.lastInsertRowid) };
    });
    return run.immediate();
  }

  settle(id: number, state: SpendState, txHash?: string): void {
    this.#settle.run(state, txHash ?? null, id);
  }

  /** Returns the rows of one wallet, newest first, for inspection and tests. */
  list(wallet: string, limit = 100): SpendRow[] {
    const rows = this.#db
      .prepare('SELECT * FROM coldkey_spend WHERE wallet = ? ORDER BY id DESC LIMIT ?')
      .all(wallet, limit) as Record<string, string | number | null>[];
    return rows.map((row) => ({
      id: Number(row.id),
      time: String(row.time),
      day: String(row.day),
      wallet: String(row.wallet),
      operation: String(row.operation),
      amountRao: BigInt(String(row.amount_rao)),
      requestId: String(row.request_id),
      state: row.state as SpendState,
      txHash: row.tx_hash === null ? null : String(row.tx_hash),
    }));
  }

  close(): void {
    if (this.#db.open) {
      this.#db.close();
    }
  }
}
