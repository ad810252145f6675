/** A transaction-pool JSON-RPC error split into its parts. */
export interface PoolErrorInfo {
  rpcCode: number;
  /** Reason text after the code, e.g. `Invalid Transaction: Transaction is outdated`. */
  reason: string;
  /** Short name: `stale`, `future`, `priority_too_low`, `bad_proof`, `custom`, `other`. */
  kind: 'stale' | 'future' | 'priority_too_low' | 'bad_proof' | 'payment' | 'custom' | 'other';
  /** The runtime's number for `Custom error: N`. */
  customCode?: number;
}

const POOL_ERROR_CODES = new Set([1010, 1011, 1012, 1013, 1014, 1015, 1016]);

/**
 * Recognises a pool error from the message `@polkadot/rpc-provider` builds
 * (`<code>: <message>: <data>`). Returns undefined for any other error.
 */
export function parsePoolError(error: unknown): PoolErrorInfo | undefined {
  const message = error instanceof Error ? error.message : String(error);
  const match = /^(\d{4}):\s*(.*)$/s.exec(message);
  if (!match) {
    return undefined;
  }
  const rpcCode = Number(match[1]);
  if (!POOL_ERROR_CODES.has(rpcCode)) {
    return undefined;
  }
  const reason = (match[2] ?? '').trim();
  return { rpcCode, reason, ...classify(rpcCode, reason) };
}

function classify(rpcCode: number, reason: string): Pick<PoolErrorInfo, 'kind' | 'customCode'> {
  if (rpcCode === 1014) {
    return { kind: 'priority_too_low' };
  }
  const lower = reason.toLowerCase();
  const custom = /custom error:?\s*(\d+)/i.exec(reason);
  if (custom) {
    return { kind: 'custom', customCode: Number(custom[1]) };
  }
  if (lower.includes('outdated') || lower.includes('stale')) {
    return { kind: 'stale' };
  }
  if (lower.includes('future')) {
    return { kind: 'future' };
  }
  if (
    lower.includes('bad signature') ||
    lower.includes('badproof') ||
    lower.includes('bad proof')
  ) {
    return { kind: 'bad_proof' };
  }
  if (lower.includes('payment') || lower.includes('balance')) {
    return { kind: 'payment' };
  }
  return { kind: 'other' };
}

/** Whether a fresh nonce and a new signature can fix the rejection. */
export function isNonceConflict(info: PoolErrorInfo): boolean {
  return info.kind === 'stale' || info.kind === 'future' || info.kind === 'priority_too_low';
}

/**
 * Returns whether a fresh signature may succeed where this one was rejected: a
 * nonce conflict, or a bad proof, which a correct key gets when the block
 * its mortal era names left the best chain in a reorganisation between
 * reading the head and submitting. The rejected transaction never entered
 * the pool, so signing again cannot duplicate it.
 */
export function isRetryableRejection(info: PoolErrorInfo): boolean {
  return isNonceConflict(info) || info.kind === 'bad_proof';
}
