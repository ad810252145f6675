/*
 * The signer a miner or validator node uses for everything its hotkey signs.
 * Callers see the same requests, results and errors (`ManageServiceError`)
 * whether the manage service signs (RemoteSigner) or a local wallet does
 * (LocalSigner).
 */

export interface SetWeightsRequest {
  netuid: number;
  uids: number[];
  /** u16 weights as stored on chain, one per uid. */
  weights: number[];
  /** u64; a bigint or a decimal string keeps values above 2^53 - 1 exact. */
  versionKey: number | bigint | string;
  /** Default false: resolve once the pool accepted the transaction. */
  waitForInclusion?: boolean;
  /** Default false. */
  waitForFinalization?: boolean;
}

export interface ServeAxonRequest {
  netuid: number;
  /** Public IPv4 or IPv6 address in text form. */
  ip: string;
  port: number;
  /** Axon protocol number; the Python SDK sends 4. */
  protocol?: number;
  /** Axon software version as an integer. */
  version?: number;
  waitForInclusion?: boolean;
  waitForFinalization?: boolean;
}

/** A transaction the chain's pool accepted. */
export interface TxResult {
  txHash: string;
  /** `submitted`: accepted by the pool and not waited for. */
  status: 'submitted' | 'in_block' | 'finalized';
  blockHash?: string;
  blockNumber?: number;
  nonce: number;
  /** SS58 address of the hotkey that signed. */
  signer: string;
  /** Signer that sent it: the service or a local wallet. */
  mode: 'remote' | 'local';
  /** Request id of the service call; absent for local signing. */
  requestId?: string;
}

/** serve_axon sent nothing because the chain already stores the same axon. */
export interface SkippedAxon {
  skipped: true;
  reason: string;
  signer: string;
}

/** Everything a node signs with its hotkey. */
export interface NodeSigner {
  /** `remote`: the manage service signs. `local`: a wallet on this machine signs. */
  readonly mode: 'remote' | 'local';
  /** Returns the SS58 address (prefix 42) of the hotkey. */
  hotkeyAddress(): Promise<string>;
  /** Signs each message with sr25519 (`substrate` context); returns 64-byte signatures in order. */
  signMessages(messages: Uint8Array[]): Promise<Uint8Array[]>;
  setWeights(request: SetWeightsRequest): Promise<TxResult>;
  serveAxon(request: ServeAxonRequest): Promise<TxResult | SkippedAxon>;
}

/** Length of an sr25519 signature, in bytes. */
export const SIGNATURE_BYTES = 64;
