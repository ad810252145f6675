import { hexToU8a, u8aToHex } from '@polkadot/util';
import { MAX_SIGN_MESSAGES, type SkippedResponse, type TxResponse } from './api-types.js';
import type { ManageServiceClient } from './manage-client.js';
import type {
  NodeSigner,
  ServeAxonRequest,
  SetWeightsRequest,
  SkippedAxon,
  TxResult,
} from './signer.js';

export interface RemoteSignerOptions {
  client: ManageServiceClient;
  /** Wallet name on the service (`wallet_name`). */
  wallet: string;
  /** Hotkey name on the service (`hotkey_name`). */
  hotkey: string;
}

const SIGNATURE_HEX = /^0x[0-9a-fA-F]{128}$/;

/** A NodeSigner whose hotkey lives on the manage service. */
export class RemoteSigner implements NodeSigner {
  readonly mode = 'remote';
  readonly wallet: string;
  readonly hotkey: string;
  readonly client: ManageServiceClient;
  #address: string | undefined;

  constructor(options: RemoteSignerOptions) {
    this.client = options.client;
    this.wallet = options.wallet;
    this.hotkey = options.hotkey;
  }

  /** Hotkey address from the last service response, without a request; undefined before one. */
  get knownHotkeyAddress(): string | undefined {
    return this.#address;
  }

  async hotkeyAddress(): Promise<string> {
    if (this.#address !== undefined) {
      return this.#address;
    }
    const info = await this.client.walletInfo(this.wallet, this.hotkey);
    const address = info.hotkey.address;
    if (address === undefined) {
      throw new Error(
        `manage service ${this.client.baseUrl} has no public key for hotkey ${this.hotkey} of wallet ${this.wallet}; check the wallet files on the service`,
      );
    }
    this.#address = address;
    return address;
  }

  async signMessages(messages: Uint8Array[]): Promise<Uint8Array[]> {
    const signatures: Uint8Array[] = [];
    for (let start = 0; start < messages.length; start += MAX_SIGN_MESSAGES) {
      const batch = messages.slice(start, start + MAX_SIGN_MESSAGES);
      signatures.push(...(await this.#signBatch(batch)));
    }
    return signatures;
  }

  async #signBatch(batch: Uint8Array[]): Promise<Uint8Array[]> {
    const response = await this.client.sign({
      wallet_name: this.wallet,
      hotkey_name: this.hotkey,
      messages: batch.map((message) => ({ data: u8aToHex(message), encoding: 'hex' })),
    });
    if (response.signatures.length !== batch.length) {
      throw new Error(
        `manage service returned ${response.signatures.length} signatures for ${batch.length} messages; check that client and service versions match`,
      );
    }
    this.#address = response.signer;
    return response.signatures.map((signature, index) => {
      if (!SIGNATURE_HEX.test(signature)) {
        throw new Error(
          `manage service returned signature ${index} in an invalid form; expected 0x and 128 hex characters`,
        );
      }
      return hexToU8a(signature);
    });
  }

  async setWeights(request: SetWeightsRequest): Promise<TxResult> {
    const response = await this.client.setWeights({
      wallet_name: this.wallet,
      hotkey_name: this.hotkey,
      transaction_data: {
        netuid: request.netuid,
        uids: request.uids,
        weights: request.weights,
        version_key: wireVersionKey(request.versionKey),
        wait_for_inclusion: request.waitForInclusion,
        wait_for_finalization: request.waitForFinalization,
      },
    });
    this.#address = response.signer;
    return toTxResult(response);
  }

  async serveAxon(request: ServeAxonRequest): Promise<TxResult | SkippedAxon> {
    const response = await this.client.serveAxon({
      wallet_name: this.wallet,
      hotkey_name: this.hotkey,
      transaction_data: {
        netuid: request.netuid,
        ip: request.ip,
        port: request.port,
        protocol: request.protocol,
        version: request.version,
        wait_for_inclusion: request.waitForInclusion,
        wait_for_finalization: request.waitForFinalization,
      },
    });
    this.#address = response.signer;
    if (isSkipped(response)) {
      return { skipped: true, reason: response.reason, signer: response.signer };
    }
    return toTxResult(response);
  }
}

/** JSON has no u64: numbers above 2^53 - 1 travel as decimal strings, which the service accepts. */
function wireVersionKey(value: number | bigint | string): number | string {
  return typeof value === 'bigint' ? value.toString() : value;
}

function isSkipped(response: TxResponse | SkippedResponse): response is SkippedResponse {
  return (response as SkippedResponse).skipped === true;
}

function toTxResult(response: TxResponse): TxResult {
  return {
    txHash: response.tx_hash,
    status: response.status,
    blockHash: response.block_hash,
    blockNumber: response.block_number,
    nonce: response.nonce,
    signer: response.signer,
    mode: 'remote',
    requestId: response.request_id,
  };
}
