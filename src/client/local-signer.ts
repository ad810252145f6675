import { findCall } from '../chain/calls.js';
import type { ChainConnection } from '../chain/connection.js';
import { TransactionSubmitter, type CallBuilder, type TxOutcome } from '../chain/submitter.js';
import { expandHome } from '../config/paths.js';
import { Keystore } from '../keystore/index.js';
import type { KeySigner } from '../keystore/signer.js';
import type { Logger } from '../log/logger.js';
import { checkUidsAndWeights, parseU64 } from '../service/operations/weights-input.js';
import { PYTHON_SDK_VERSION_KEY } from '../weights/version-key.js';
import { encodeIp } from '../chain/ip-address.js';
import { axonMatches, readAxon, type AxonSettings } from '../chain/axon-storage.js';
import { dispatchFailure, invalidLocalRequest, toLocalError } from './local-errors.js';
import type {
  NodeSigner,
  ServeAxonRequest,
  SetWeightsRequest,
  SkippedAxon,
  TxResult,
} from './signer.js';

/** Chain access for submitting transactions without the service. */
export interface LocalChain {
  connection: ChainConnection;
  /**
   * Submitter that keeps one account's nonces in order. Pass the node's own
   * when it submits other transactions with the same hotkey; one is built
   * from `connection` otherwise.
   */
  submitter?: TransactionSubmitter;
  /** Limit for the inclusion or finalization wait, in milliseconds. Default 60000, as the service. */
  txTimeoutMs?: number;
}

export interface LocalSignerOptions {
  key: KeySigner;
  logger: Logger;
  /** Without it, signMessages works but setWeights and serveAxon throw. */
  chain?: LocalChain;
  /** Runs on close(), for example to wipe the keystore the key came from. */
  onClose?: () => void;
}

export interface OpenLocalSignerOptions {
  /** Wallet root in the btcli layout; a leading `~` is expanded. */
  walletPath: string;
  wallet: string;
  hotkey: string;
  logger: Logger;
  chain?: LocalChain;
  /** Password file for an encrypted hotkey, in the keystore's format. */
  passwordFile?: string;
}

/** Axon protocol number the Python SDK sends. */
export const DEFAULT_AXON_PROTOCOL = 4;
const DEFAULT_TX_TIMEOUT_MS = 60_000;
const U16_MAX = 65_535;
const U32_MAX = 4_294_967_295;
const U8_MAX = 255;

interface ReadyChain {
  connection: ChainConnection;
  submitter: TransactionSubmitter;
  txTimeoutMs: number;
}

/**
 * A NodeSigner that signs with a hotkey from a local btcli wallet and submits
 * through its own chain connection. Errors use the codes the service would
 * respond with (`ManageServiceError` with `origin: 'local'`).
 */
export class LocalSigner implements NodeSigner {
  readonly mode = 'local';
  readonly #key: KeySigner;
  readonly #chain: ReadyChain | undefined;
  readonly #onClose: (() => void) | undefined;

  constructor(options: LocalSignerOptions) {
    this.#key = options.key;
    this.#onClose = options.onClose;
    const chain = options.chain;
    if (chain !== undefined) {
      this.#chain = {
        connection: chain.connection,
        submitter: chain.submitter ?? new TransactionSubmitter(chain.connection, options.logger),
        txTimeoutMs: chain.txTimeoutMs ?? DEFAULT_TX_TIMEOUT_MS,
      };
    }
  }

  /**
   * Loads the wallets under `walletPath` with the keystore and keeps the signer
   * of one hotkey. Throws the keystore's error when that hotkey cannot sign.
   */
  static async open(options: OpenLocalSignerOptions): Promise<LocalSigner> {
    const keystore = await Keystore.load({
      root: expandHome(options.walletPath),
      logger: options.logger,
      passwordFile: options.passwordFile,
    });
    try {
      const key = keystore.hotkey(options.wallet, options.hotkey);
      return new LocalSigner({
        key,
        logger: options.logger,
        chain: options.chain,
        onClose: () => keystore.unload(),
      });
    } catch (error) {
      keystore.unload();
      throw error;
    }
  }

  /** Wallet and hotkey names of the key, for log lines. */
  get keyName(): { wallet: string; hotkey: string } {
    return { wallet: this.#key.wallet, hotkey: this.#key.keyName };
  }

  async hotkeyAddress(): Promise<string> {
    return this.#key.address;
  }

  async signMessages(messages: Uint8Array[]): Promise<Uint8Array[]> {
    try {
      return messages.map((message) => this.#key.sign(message));
    } catch (error) {
      throw toLocalError(error);
    }
  }

  async setWeights(request: SetWeightsRequest): Promise<TxResult> {
    try {
      const chain = this.#requireChain('set_weights');
      checkU16('netuid', [request.netuid]);
      checkU16('uids', request.uids);
      checkU16('weights', request.weights);
      checkUidsAndWeights(request.uids, request.weights);
      const versionKey = parseU64(String(request.versionKey), 'version_key');
      const build: CallBuilder = (api) =>
        findCall(api, 'subtensorModule', 'setWeights')(
          request.netuid,
          request.uids,
          request.weights,
          versionKey,
        );
      const outcome = await this.#submit(chain, build, request);
      return this.#result('set_weights', outcome);
    } catch (error) {
      throw toLocalError(error);
    }
  }

  async serveAxon(request: ServeAxonRequest): Promise<TxResult | SkippedAxon> {
    try {
      const chain = this.#requireChain('serve_axon');
      const requested = axonArguments(request);
      const api = chain.connection.requireApi();
      const stored = await readAxon(api, request.netuid, this.#key.address);
      if (axonMatches(stored, requested.fields)) {
        return {
          skipped: true,
          reason: `subnet ${request.netuid} already holds axon ${request.ip}:${request.port} for this hotkey`,
          signer: this.#key.address,
        };
      }
      const build: CallBuilder = (callApi) =>
        findCall(callApi, 'subtensorModule', 'serveAxon')(...requested.call);
      const outcome = await this.#submit(chain, build, request);
      return this.#result('serve_axon', outcome);
    } catch (error) {
      throw toLocalError(error);
    }
  }

  /** Calls the `onClose` hook, which wipes the keystore for a signer made by `open`. */
  close(): void {
    this.#onClose?.();
  }

  #requireChain(operation: string): ReadyChain {
    if (this.#chain === undefined) {
      throw invalidLocalRequest(
        `local signer has no chain connection, so it cannot submit ${operation}; pass chain to LocalSigner`,
      );
    }
    return this.#chain;
  }

  #submit(
    chain: ReadyChain,
    build: CallBuilder,
    request: { waitForInclusion?: boolean; waitForFinalization?: boolean },
  ): Promise<TxOutcome> {
    // Fail before signing when the runtime lacks the call or the chain is unreachable,
    // as the service does.
    build(chain.connection.requireApi());
    return chain.submitter.submit(this.#key, build, {
      waitForInclusion: request.waitForInclusion ?? false,
      waitForFinalization: request.waitForFinalization ?? false,
      timeoutMs: chain.txTimeoutMs,
    });
  }

  #result(operation: string, outcome: TxOutcome): TxResult {
    if (outcome.dispatchError !== undefined) {
      throw dispatchFailure(operation, { ...outcome, dispatchError: outcome.dispatchError });
    }
    return {
      txHash: outcome.txHash,
      status: outcome.status,
      blockHash: outcome.blockHash,
      blockNumber: outcome.blockNumber,
      nonce: outcome.nonce,
      signer: this.#key.address,
      mode: 'local',
    };
  }
}

/** Builds the eight `serve_axon` arguments and the stored fields they would produce. */
function axonArguments(request: ServeAxonRequest): {
  call: [number, number, bigint, number, number, number, number, number];
  fields: AxonSettings;
} {
  checkU16('netuid', [request.netuid]);
  checkU16('port', [request.port]);
  const version = request.version ?? PYTHON_SDK_VERSION_KEY;
  const protocol = request.protocol ?? DEFAULT_AXON_PROTOCOL;
  checkRange('version', version, U32_MAX);
  checkRange('protocol', protocol, U8_MAX);
  let ip;
  try {
    ip = encodeIp(request.ip);
  } catch (error) {
    throw invalidLocalRequest((error as Error).message);
  }
  // Placeholders 1 and 2 are reserved by the runtime, and the Python SDK sends 0.
  // The argument order is the same in the 2023 test runtime (spec 103) and finney spec 343.
  const call = [request.netuid, version, ip.value, request.port, ip.ipType, protocol, 0, 0];
  const fields = {
    version,
    ip: ip.value,
    port: request.port,
    ipType: ip.ipType,
    protocol,
    placeholder1: 0,
    placeholder2: 0,
  };
  return { call: call as [number, number, bigint, number, number, number, number, number], fields };
}

function checkU16(field: string, values: readonly number[]): void {
  for (const value of values) {
    checkRange(field, value, U16_MAX);
  }
}

function checkRange(field: string, value: number, maximum: number): void {
  if (!Number.isInteger(value) || value < 0 || value > maximum) {
    throw invalidLocalRequest(
      `${field} value ${value} is out of range; use an integer from 0 to ${maximum}`,
    );
  }
}
