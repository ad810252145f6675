import type { AuditEntry, AuditRecord } from './audit-log.js';

/** Entry fields and the audit_events columns that hold them. */
export const COLUMNS: [keyof AuditEntry, string][] = [
  ['time', 'time'],
  ['requestId', 'request_id'],
  ['clientAddress', 'client_address'],
  ['tokenId', 'token_id'],
  ['operation', 'operation'],
  ['wallet', 'wallet'],
  ['hotkey', 'hotkey'],
  ['keyAddress', 'key_address'],
  ['paramsDigest', 'params_digest'],
  ['paramsSummary', 'params_summary'],
  ['outcome', 'outcome'],
  ['httpStatus', 'http_status'],
  ['errorType', 'error_type'],
  ['errorCode', 'error_code'],
  ['chainError', 'chain_error'],
  ['txHash', 'tx_hash'],
  ['blockHash', 'block_hash'],
  ['blockNumber', 'block_number'],
  ['durationMs', 'duration_ms'],
];

/** Converts an entry into the named parameters of the insert statement. */
export function rowOf(entry: AuditEntry): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const [field] of COLUMNS) {
    row[field] = entry[field] ?? null;
  }
  row.time = entry.time ?? new Date().toISOString();
  return row;
}

/** Insert statement with one named parameter per entry field, as `rowOf` returns them. */
export const INSERT_AUDIT_ROW = `INSERT INTO audit_events (${COLUMNS.map(
  ([, column]) => column,
).join(', ')}) VALUES (${COLUMNS.map(([field]) => `@${field}`).join(', ')})`;

/** Converts a row read from audit_events back into a record. */
export function toRecord(row: Record<string, unknown>): AuditRecord {
  const record: Record<string, unknown> = { id: row.id };
  for (const [field, column] of COLUMNS) {
    record[field] = row[column] ?? null;
  }
  return record as unknown as AuditRecord;
}
