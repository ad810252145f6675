import { chmodSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { COMMIT_COLUMNS, CREATE_COMMITS_TABLE, PENDING_COMMITS_SCHEMA_VERSION } from './schema.js';

/**
 * Life of a hash commit (CRv2): `committing` until the commit is included,
 * then `committed` until the reveal lands (`revealed`), fails (`failed`) or
 * its reveal epoch passes (`expired`). `revealing` marks a reveal in flight.
 */
export type CommitState =
  'committing' | 'committed' | 'revealing' | 'revealed' | 'failed' | 'expired';

export const COMMIT_STATES: readonly CommitState[] = [
  'committing',
  'committed',
  'revealing',
  'revealed',
  'failed',
  'expired',
];

/** Commit fields the service stores before it submits the commit. */
export interface NewCommit {
  wallet: string;
  hotkeyName: string;
  /** SS58 address of the hotkey that signs the commit and the reveal. */
  hotkeyAddress: string;
  netuid: number;
  /** Mechanism id; null when the request named none, so the plain calls were used. */
  mechid: number | null;
  uids: readonly number[];
  weights: readonly number[];
  salt: readonly number[];
  versionKey: bigint;
  /** 0x-prefixed blake2b-256 commit hash. */
  commitHash: string;
}

export interface PendingCommit extends Omit<NewCommit, 'uids' | 'weights' | 'salt'> {
  id: number;
  uids: number[];
  weights: number[];
  salt: number[];
  state: CommitState;
  commitTxHash: string | null;
  commitBlock: number | null;
  firstRevealBlock: number | null;
  lastRevealBlock: number | null;
  revealTxHash: string | null;
  revealBlock: number | null;
  /** Last error: a chain error name, or why a reveal was retried or given up. */
  error: string | null;
  revealAttempts: number;
  createdAt: string;
  updatedAt: string;
}

export interface CommitQuery {
  wallet?: string;
  hotkeyName?: string;
  netuid?: number;
  states?: readonly CommitState[];
  limit?: number;
}

const MAX_LIST = 1000;

/**
 * Durable store of hash commits and their salts, in SQLite with `synchronous
 * = FULL`: a row is on disk before the caller responds, so the reveal
 * survives a restart. The salt is what keeps committed weights hidden, so the
 * file is created readable by its owner only.
 */
export class PendingCommitStore {
  readonly file: string;
  readonly #db: Database.Database;

  private constructor(file: string, db: Database.Database) {
    this.file = file;
    this.#db = db;
  }

  /** Opens (and creates when missing) the store at `file`; `:memory:` keeps it in memory. */
  static open(file: string): PendingCommitStore {
    if (file !== ':memory:') {
      mkdirSync(path.dirname(path.resolve(file)), { recursive: true, mode: 0o700 });
    }
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec(CREATE_COMMITS_TABLE);
    db.pragma(`user_version = ${PENDING_COMMITS_SCHEMA_VERSION}`);
    if (file !== ':memory:') {
      chmodSync(file, 0o600);
    }
    return new PendingCommitStore(file, db);
  }

  /** Stores a commit about to be submitted, in state `committing`, and returns it. */
  insert(commit: NewCommit): PendingCommit {
    const now = new Date().toISOString();
    const result = this.#db
      .prepare(
        `INSERT INTO pending_commits (wallet, hotkey_name, hotkey_address, netuid, mechid, uids,
           weights, salt, version_key, commit_hash, state, reveal_attempts, created_at, updated_at)
         VALUES (@wallet, @hotkeyName, @hotkeyAddress, @netuid, @mechid, @uids, @weights, @salt,
           @versionKey, @commitHash, 'committing', 0, @now, @now)`,
      )
      .run({
        wallet: commit.wallet,
        hotkeyName: commit.hotkeyName,
        hotkeyAddress: commit.hotkeyAddress,
        netuid: commit.netuid,
        mechid: commit.mechid,
        uids: JSON.stringify(commit.uids),
        weights: JSON.stringify(commit.weights),
        salt: JSON.stringify(commit.salt),
        versionKey: commit.versionKey.toString(),
        commitHash: commit.commitHash.toLowerCase(),
        now,
      });
    return this.get(Number(result.lastInsertRowid))!;
  }

  /** Records the block that included the commit and the window in which to reveal it. */
  markCommitted(
    id: number,
    commit: {
      txHash: string;
      commitBlock: number;
      firstRevealBlock: number;
      lastRevealBlock: number;
    },
  ): void {
    this.#update(id, "state = 'committed', error = NULL", {
      commit_tx_hash: commit.txHash,
      commit_block: commit.commitBlock,
      first_reveal_block: commit.firstRevealBlock,
      last_reveal_block: commit.lastRevealBlock,
    });
  }

  /**
   * Moves a commit to `revealing` when it is in one of `from`, and counts the
   * attempt. Returns false when another caller got there first or the state
   * does not allow a reveal, so that no commit is revealed twice at once.
   */
  claimForReveal(id: number, from: readonly CommitState[] = ['committed']): boolean {
    const placeholders = from.map((_, index) => `@from${index}`).join(', ');
    const params: Record<string, unknown> = { id, now: new Date().toISOString() };
    from.forEach((state, index) => {
      params[`from${index}`] = state;
    });
    const result = this.#db
      .prepare(
        `UPDATE pending_commits
           SET state = 'revealing', reveal_attempts = reveal_attempts + 1, updated_at = @now
         WHERE id = @id AND state IN (${placeholders})`,
      )
      .run(params);
    return result.changes === 1;
  }

  markRevealed(id: number, reveal: { txHash: string; blockNumber: number | null }): void {
    this.#update(id, "state = 'revealed', error = NULL", {
      reveal_tx_hash: reveal.txHash,
      reveal_block: reveal.blockNumber,
    });
  }

  /** Returns a claimed commit to `committed` after a reveal that may be retried. */
  releaseReveal(id: number, error: string): void {
    this.#update(id, "state = 'committed'", { error });
  }

  markFailed(id: number, error: string, txHash?: string): void {
    const values: Record<string, unknown> = { error };
    const current = this.get(id);
    if (txHash !== undefined && current) {
      values[current.commitBlock === null ? 'commit_tx_hash' : 'reveal_tx_hash'] = txHash;
    }
    this.#update(id, "state = 'failed'", values);
  }

  markExpired(id: number, currentBlock: number): void {
    this.#update(id, "state = 'expired'", {
      error: `reveal window ended at block ${this.get(id)?.lastRevealBlock}; the chain was at block ${currentBlock}`,
    });
  }

  /**
   * Resolves states a stopped process left behind: a reveal in flight goes
   * back to `committed` (the next reveal attempt finds out whether it
   * landed), and a commit never confirmed becomes `failed`, because without
   * its block the reveal window is unknown. Returns how many rows changed.
   */
  recoverInterrupted(): number {
    const now = new Date().toISOString();
    const reveals = this.#db
      .prepare(
        `UPDATE pending_commits SET state = 'committed', updated_at = @now,
           error = 'the service stopped during a reveal; revealing again'
         WHERE state = 'revealing'`,
      )
      .run({ now });
    const commits = this.#db
      .prepare(
        `UPDATE pending_commits SET state = 'failed', updated_at = @now,
           error = 'the service stopped before the commit was confirmed; check the chain for commit_hash'
         WHERE state = 'committing'`,
      )
      .run({ now });
    return reveals.changes + commits.changes;
  }

  get(id: number): PendingCommit | undefined {
    const row = this.#db.prepare('SELECT * FROM pending_commits WHERE id = ?').get(id);
    return row ? toCommit(row as Record<string, unknown>) : undefined;
  }

  /** Finds the newest commit with this hash for a hotkey address. */
  findByHash(commitHash: string, hotkeyAddress: string): PendingCommit | undefined {
    const row = this.#db
      .prepare(
        `SELECT * FROM pending_commits WHERE commit_hash = ? AND hotkey_address = ?
         ORDER BY id DESC LIMIT 1`,
      )
      .get(commitHash.toLowerCase(), hotkeyAddress);
    return row ? toCommit(row as Record<string, unknown>) : undefined;
  }

  /** Lists commits, newest first, filtered by every field the query sets. */
  list(query: CommitQuery = {}): PendingCommit[] {
    const where: string[] = [];
    const params: Record<string, unknown> = {};
    for (const [field, column] of [
      ['wallet', 'wallet'],
      ['hotkeyName', 'hotkey_name'],
      ['netuid', 'netuid'],
    ] as const) {
      if (query[field] !== undefined) {
        where.push(`${column} = @${field}`);
        params[field] = query[field];
      }
    }
    if (query.states) {
      const names = query.states.map((state, index) => {
        params[`state${index}`] = state;
        return `@state${index}`;
      });
      where.push(`state IN (${names.join(', ') || 'NULL'})`);
    }
    params.limit = Math.min(Math.max(query.limit ?? 100, 1), MAX_LIST);
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const rows = this.#db
      .prepare(`SELECT * FROM pending_commits ${clause} ORDER BY id DESC LIMIT @limit`)
      .all(params) as Record<string, unknown>[];
    return rows.map(toCommit);
  }

  close(): void {
    if (this.#db.open) {
      this.#db.close();
    }
  }

  #update(id: number, assignments: string, values: Record<string, unknown>): void {
    const columns = Object.keys(values).map((column) => `${column} = @${column}`);
    const set = [assignments, ...columns, 'updated_at = @now'].join(', ');
    this.#db
      .prepare(`UPDATE pending_commits SET ${set} WHERE id = @id`)
      .run({ ...values, id, now: new Date().toISOString() });
  }
}

function toCommit(row: Record<string, unknown>): PendingCommit {
  const value = (column: (typeof COMMIT_COLUMNS)[number]) => row[column];
  const nullableNumber = (column: (typeof COMMIT_COLUMNS)[number]) =>
    value(column) === null ? null : Number(value(column));
  const nullableText = (column: (typeof COMMIT_COLUMNS)[number]) =>
    value(column) === null ? null : String(value(column));
  return {
    id: Number(value('id')),
    wallet: String(value('wallet')),
    hotkeyName: String(value('hotkey_name')),
    hotkeyAddress: String(value('hotkey_address')),
    netuid: Number(value('netuid')),
    mechid: nullableNumber('mechid'),
    uids: JSON.parse(String(value('uids'))) as number[],
    weights: JSON.parse(String(value('weights'))) as number[],
    salt: JSON.parse(String(value('salt'))) as number[],
    versionKey: BigInt(String(value('version_key'))),
    commitHash: String(value('commit_hash')),
    state: String(value('state')) as CommitState,
    commitTxHash: nullableText('commit_tx_hash'),
    commitBlock: nullableNumber('commit_block'),
    firstRevealBlock: nullableNumber('first_reveal_block'),
    lastRevealBlock: nullableNumber('last_reveal_block'),
    revealTxHash: nullableText('reveal_tx_hash'),
    revealBlock: nullableNumber('reveal_block'),
    error: nullableText('error'),
    revealAttempts: Number(value('reveal_attempts')),
    createdAt: String(value('created_at')),
    updatedAt: String(value('updated_at')),
  };
}
