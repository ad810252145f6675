/** Layout version of the pending-commit table, kept in SQLite's `user_version`. */
export const PENDING_COMMITS_SCHEMA_VERSION = 1;

export const COMMIT_COLUMNS = [
  'id',
  'wallet',
  'hotkey_name',
  'hotkey_address',
  'netuid',
  'mechid',
  'uids',
  'weights',
  'salt',
  'version_key',
  'commit_hash',
  'state',
  'commit_tx_hash',
  'commit_block',
  'first_reveal_block',
  'last_reveal_block',
  'reveal_tx_hash',
  'reveal_block',
  'error',
  'reveal_attempts',
  'created_at',
  'updated_at',
] as const;

/** uids, weights and salt are JSON arrays; version_key is a decimal u64. */
export const CREATE_COMMITS_TABLE = `
CREATE TABLE IF NOT EXISTS pending_commits (
  id                  INTEGER PRIMARY KEY AUTOINCREMENT,
  wallet              TEXT    NOT NULL,
  hotkey_name         TEXT    NOT NULL,
  hotkey_address      TEXT    NOT NULL,
  netuid              INTEGER NOT NULL,
  mechid              INTEGER,
  uids                TEXT    NOT NULL,
  weights             TEXT    NOT NULL,
  salt                TEXT    NOT NULL,
  version_key         TEXT    NOT NULL,
  commit_hash         TEXT    NOT NULL,
  state               TEXT    NOT NULL,
  commit_tx_hash      TEXT,
  commit_block        INTEGER,
  first_reveal_block  INTEGER,
  last_reveal_block   INTEGER,
  reveal_tx_hash      TEXT,
  reveal_block        INTEGER,
  error               TEXT,
  reveal_attempts     INTEGER NOT NULL DEFAULT 0,
  created_at          TEXT    NOT NULL,
  updated_at          TEXT    NOT NULL
);
CREATE INDEX IF NOT EXISTS pending_commits_state ON pending_commits (state);
CREATE INDEX IF NOT EXISTS pending_commits_owner ON pending_commits (wallet, hotkey_name, netuid);
CREATE INDEX IF NOT EXISTS pending_commits_hash ON pending_commits (commit_hash);
`;
