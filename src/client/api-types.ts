/*
 * Request and response bodies of the manage service HTTP API, exactly as
 * they travel (snake_case JSON).
 */

/** Names a hotkey held by the service. */
export interface KeyReference {
  wallet_name: string;
  hotkey_name: string;
}

export interface SetWeightsBody extends KeyReference {
  transaction_data: {
    netuid: number;
    uids: number[];
    /** u16 weights as stored on chain, one per uid. */
    weights: number[];
    /** u64; send a decimal string for values above 2^53 - 1. */
    version_key: number | string;
    wait_for_inclusion?: boolean;
    wait_for_finalization?: boolean;
  };
}

export interface ServeAxonBody extends KeyReference {
  transaction_data: {
    netuid: number;
    /** IPv4 or IPv6 address in text form. */
    ip: string;
    port: number;
    protocol?: number;
    version?: number;
    wait_for_inclusion?: boolean;
    wait_for_finalization?: boolean;
  };
}

/** Response to a transaction the chain's pool accepted. */
export interface TxResponse {
  success: true;
  tx_hash: string;
  /** `submitted`: accepted by the pool and not waited for. */
  status: 'submitted' | 'in_block' | 'finalized';
  block_hash?: string;
  block_number?: number;
  nonce: number;
  /** SS58 address of the hotkey that signed. */
  signer: string;
  request_id: string;
}

/** Response to serve_axon when the chain already stores the same axon, so nothing was sent. */
export interface SkippedResponse {
  success: true;
  skipped: true;
  reason: string;
  signer: string;
  request_id: string;
}

/** A message to sign or verify; `hex` data is `0x`-prefixed. */
export interface MessageData {
  data: string;
  /** Defaults to `utf8` on the service. */
  encoding?: 'utf8' | 'hex';
}

export interface SignBody extends KeyReference {
  /** 1 to 1024 messages. */
  messages: MessageData[];
}

/** Maximum number of messages in one sign request. */
export const MAX_SIGN_MESSAGES = 1024;

export interface SignResponse {
  success: true;
  signer: string;
  /** `0x` + 128 hex characters per message, in request order. */
  signatures: string[];
}

export interface VerifyBody {
  address: string;
  message: MessageData;
  signature: string;
}

export interface VerifyResponse {
  success: true;
  valid: boolean;
}

export interface KeyInfo {
  name: string;
  address?: string;
  can_sign: boolean;
}

export interface WalletInfoResponse {
  wallet_name: string;
  coldkey: KeyInfo;
  hotkey: KeyInfo;
}

export interface HealthResponse {
  status: 'ok';
}

/** Readiness; the service sends it with status 200 when ready and 503 otherwise. */
export interface ReadyResponse {
  ready: boolean;
  /** Parts that are not ready, such as `keys` or `chain`. */
  missing: string[];
}

/** Error body of every non-2xx response. */
export interface ErrorResponse {
  success: false;
  error: {
    type: string;
    code: string;
    message: string;
    chain_error?: string;
    chain_pallet?: string;
    tx_hash?: string;
  };
  request_id: string;
}
