import { tokenStatus, type TokenRecord } from './token-record.js';

const HEADERS = [
  'ID',
  'STATUS',
  'OPERATIONS',
  'WALLETS',
  'HOTKEYS',
  'COLDKEY',
  'LIMITS',
  'CREATED',
];

function describeLimits(record: TokenRecord): string {
  const parts: string[] = [];
  const { requestsPerMinute, netuids } = record.scope.limits;
  if (requestsPerMinute !== undefined) {
    parts.push(`${requestsPerMinute}/min`);
  }
  if (netuids !== undefined) {
    parts.push(`netuids ${netuids.join(',')}`);
  }
  return parts.length > 0 ? parts.join(' ') : '-';
}

function describeStatus(record: TokenRecord): string {
  const status = tokenStatus(record);
  return status === 'revoked' ? `revoked ${record.revokedAt}` : status;
}

function row(record: TokenRecord): string[] {
  const { scope } = record;
  return [
    record.id,
    describeStatus(record),
    scope.operations.join(','),
    scope.wallets.join(','),
    scope.hotkeys.length > 0 ? scope.hotkeys.join(',') : '-',
    scope.coldkey ? 'yes' : 'no',
    describeLimits(record),
    record.createdAt ?? '-',
  ];
}

/** Formats tokens as an aligned table of ids, status and scope; hashes are never shown. */
export function formatTokenTable(tokens: Iterable<TokenRecord>): string {
  const rows = [HEADERS, ...[...tokens].map(row)];
  const widths = HEADERS.map((_, column) =>
    Math.max(...rows.map((cells) => (cells[column] ?? '').length)),
  );
  return rows
    .map((cells) =>
      cells
        .map((cell, column) => cell.padEnd(widths[column] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
