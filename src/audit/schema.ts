/**
 * Audit table layout. Columns are added, never renamed, so older databases
 * stay readable; `migrate` brings a file of any earlier version up to date.
 */
export const AUDIT_SCHEMA_VERSION = 1;

export const CREATE_AUDIT_TABLE = `
CREATE TABLE IF NOT EXISTS audit_events (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  time            TEXT    NOT NULL,
  request_id      TEXT    NOT NULL,
  client_address  TEXT,
  token_id        TEXT,
  operation       TEXT    NOT NULL,
  wallet          TEXT,
  hotkey          TEXT,
  key_address     TEXT,
  params_digest   TEXT,
  params_summary  TEXT,
  outcome         TEXT    NOT NULL,
  http_status     INTEGER NOT NULL,
  error_type      TEXT,
  error_code      TEXT,
  chain_error     TEXT,
  tx_hash         TEXT,
  block_hash      TEXT,
  block_number    INTEGER,
  duration_ms     REAL
);
CREATE INDEX IF NOT EXISTS audit_events_time ON audit_events (time);
CREATE INDEX IF NOT EXISTS audit_events_request ON audit_events (request_id);
CREATE INDEX IF NOT EXISTS audit_events_tx ON audit_events (tx_hash);
`;
