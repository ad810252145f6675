import { u8aToHex } from '@polkadot/util';
import type { NodeSigner } from '../../client/signer.js';
import {
  axonUrl,
  buildDendriteRequest,
  createNonceSource,
  createUuidV1,
  withSignature,
  type SynapseDefinition,
  type SynapseFields,
} from '../../protocol/index.js';

/** One miner to query. */
export interface QueryTarget {
  uid: number;
  hotkey: string;
  ip: string;
  port: number;
}

export interface QueryResult<Fields extends SynapseFields> {
  uid: number;
  /** HTTP status, or 0 when no response arrived (connection refused, timed out). */
  status: number;
  fields: Fields | undefined;
  latencyMs: number;
  error?: string;
}

export interface DendriteOptions {
  signer: NodeSigner;
  /** This validator's hotkey (SS58). */
  hotkey: string;
  /** Address this validator publishes as its own; sent in the dendrite headers. */
  externalIp: string;
  /** Axon addresses that belong to this machine; they are queried over loopback. */
  localAddresses: ReadonlySet<string>;
}

/**
 * Sends synapses to miners' axons, with every request signed by the node's
 * signer in one batch per step, so a validator step costs one call to the
 * manage service however many miners it queries.
 */
export class Dendrite {
  readonly #options: DendriteOptions;
  readonly #uuid = createUuidV1();
  readonly #nextNonce = createNonceSource();

  constructor(options: DendriteOptions) {
    this.#options = options;
  }

  async query<Fields extends SynapseFields>(
    synapse: SynapseDefinition<Fields>,
    targets: readonly QueryTarget[],
    fieldsFor: (target: QueryTarget) => Fields,
    timeoutSeconds: number,
  ): Promise<QueryResult<Fields>[]> {
    if (targets.length === 0) {
      return [];
    }
    const requests = targets.map((target) =>
      buildDendriteRequest({
        synapse,
        fields: fieldsFor(target),
        axon: { ip: target.ip, port: target.port, hotkey: target.hotkey },
        dendrite: { ip: this.#options.externalIp, hotkey: this.#options.hotkey },
        uuid: this.#uuid,
        nonce: this.#nextNonce(),
        timeoutSeconds,
      }),
    );
    const signatures = await this.#options.signer.signMessages(
      requests.map((request) => new TextEncoder().encode(request.messageToSign)),
    );
    return Promise.all(
      requests.map((request, index) => {
        const signed = withSignature(request, u8aToHex(signatures[index]!));
        return this.#send(synapse, targets[index]!, signed, timeoutSeconds);
      }),
    );
  }

  /**
   * Posts one signed request. An axon published with this machine's own
   * address is reached over loopback, as the Python SDK's dendrite does.
   */
  async #send<Fields extends SynapseFields>(
    synapse: SynapseDefinition<Fields>,
    target: QueryTarget,
    signed: { url: string; headers: Record<string, string>; body: string },
    timeoutSeconds: number,
  ): Promise<QueryResult<Fields>> {
    const url = this.#options.localAddresses.has(target.ip)
      ? axonUrl('127.0.0.1', target.port, synapse.name)
      : signed.url;
    const started = performance.now();
    try {
      const reply = await fetch(url, {
        method: 'POST',
        headers: signed.headers,
        body: signed.body,
        signal: AbortSignal.timeout(timeoutSeconds * 1000),
      });
      const text = await reply.text();
      const latencyMs = performance.now() - started;
      if (!reply.ok) {
        return {
          uid: target.uid,
          status: reply.status,
          fields: undefined,
          latencyMs,
          error: text.slice(0, 200),
        };
      }
      const fields = synapse.parseFields(JSON.parse(text) as Record<string, unknown>);
      return { uid: target.uid, status: reply.status, fields, latencyMs };
    } catch (error) {
      const latencyMs = performance.now() - started;
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      return { uid: target.uid, status: 0, fields: undefined, latencyMs, error: message };
    }
  }
}
