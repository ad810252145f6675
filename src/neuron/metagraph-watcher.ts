import type { ChainConnection } from '../chain/connection.js';
import { errorMessage } from '../chain/connection.js';
import type { Logger } from '../log/logger.js';
import { syncMetagraph, type Metagraph, type NeuronInfo } from './metagraph.js';

/**
 * Keeps a recent metagraph of one subnet, re-read from chain storage every
 * `intervalMs`. A failed re-read keeps the previous snapshot and is logged.
 */
export class MetagraphWatcher {
  readonly #connection: ChainConnection;
  readonly #netuid: number;
  readonly #intervalMs: number;
  readonly #logger: Logger;
  #current: Metagraph | undefined;
  #byHotkey = new Map<string, NeuronInfo>();
  #timer: NodeJS.Timeout | undefined;

  constructor(connection: ChainConnection, netuid: number, intervalMs: number, logger: Logger) {
    this.#connection = connection;
    this.#netuid = netuid;
    this.#intervalMs = intervalMs;
    this.#logger = logger.child({ component: 'metagraph' });
  }

  get current(): Metagraph | undefined {
    return this.#current;
  }

  neuron(hotkey: string): NeuronInfo | undefined {
    return this.#byHotkey.get(hotkey);
  }

  /** Reads the metagraph now; throws when the chain cannot be read. */
  async sync(): Promise<Metagraph> {
    const api = this.#connection.requireApi();
    const metagraph = await syncMetagraph(api, this.#netuid);
    this.#current = metagraph;
    this.#byHotkey = new Map(metagraph.neurons.map((neuron) => [neuron.hotkey, neuron]));
    this.#logger.debug(
      { netuid: this.#netuid, block: metagraph.block, neurons: metagraph.neurons.length },
      'metagraph synced',
    );
    return metagraph;
  }

  /** Starts periodic re-reads in the background. */
  start(): void {
    this.#timer ??= setInterval(() => {
      this.sync().catch((error: unknown) => {
        this.#logger.warn(
          { err: errorMessage(error), netuid: this.#netuid },
          'metagraph sync failed; keeping the last one',
        );
      });
    }, this.#intervalMs);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
