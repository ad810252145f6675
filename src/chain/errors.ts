/** The chain node cannot be reached, or the connection dropped. Clients may retry later. */
export class ChainUnavailableError extends Error {
  readonly code = 'CHAIN_UNAVAILABLE';
  /** Hash of a transaction that was sent before the connection dropped, if any. */
  readonly txHash: string | undefined;
  constructor(message: string, txHash?: string) {
    super(message);
    this.name = 'ChainUnavailableError';
    this.txHash = txHash;
  }
}

/**
 * The transaction pool refused the transaction (JSON-RPC error 1010 or 1014)
 * or dropped it later (`Invalid`, `Dropped`, `Usurped`). Nothing was included.
 */
export class PoolRejectedError extends Error {
  readonly code = 'POOL_REJECTED';
  /** JSON-RPC error code (1010, 1014), or undefined for a status after acceptance. */
  readonly rpcCode: number | undefined;
  /** Short reason such as `stale`, `future`, `Custom error: 6`, `Dropped`. */
  readonly reason: string;
  readonly txHash: string | undefined;
  constructor(message: string, reason: string, rpcCode?: number, txHash?: string) {
    super(message);
    this.name = 'PoolRejectedError';
    this.reason = reason;
    this.rpcCode = rpcCode;
    this.txHash = txHash;
  }
}

/** The requested inclusion or finalization did not happen within the time limit. */
export class TxTimeoutError extends Error {
  readonly code = 'TX_TIMEOUT';
  readonly txHash: string;
  constructor(message: string, txHash: string) {
    super(message);
    this.name = 'TxTimeoutError';
    this.txHash = txHash;
  }
}
