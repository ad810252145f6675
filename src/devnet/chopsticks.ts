/** A running chopsticks node: its WebSocket endpoint and how to stop it. */
export interface ChopsticksNode {
  endpoint: string;
  port: number;
  close(): Promise<void>;
}

export interface ChopsticksOptions {
  chainSpec: string;
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** Storage written over genesis before the first block, in chopsticks' import-storage form. */
  storage: Record<string, unknown>;
  /** Log level for chopsticks' own logger. */
  logLevel?: string;
  /** Maximum number of starts while block 1 fails; default 3. */
  attempts?: number;
  /** Callback after each start whose block 1 failed, before the next start. */
  onRetry?: (attempt: number) => void;
}

interface ChopsticksModule {
  setupWithServer: (config: Record<string, unknown>) => Promise<ChopsticksServer>;
  BuildBlockMode: { Instant: string };
  destroyWorker: () => Promise<void>;
}

interface ChopsticksServer {
  addr: string;
  chain: { head: { number: number } };
  close(): Promise<void>;
}

let loaded: Promise<ChopsticksModule> | undefined;

/**
 * Imports chopsticks once. Its logger reads LOG_LEVEL at import time, so the
 * variable is set for the import only and restored for our own logger.
 */
function loadChopsticks(logLevel: string): Promise<ChopsticksModule> {
  loaded ??= (async () => {
    const previous = process.env.LOG_LEVEL;
    process.env.LOG_LEVEL = logLevel;
    try {
      return (await import('@acala-network/chopsticks')) as unknown as ChopsticksModule;
    } finally {
      if (previous === undefined) {
        delete process.env.LOG_LEVEL;
      } else {
        process.env.LOG_LEVEL = previous;
      }
    }
  })();
  return loaded;
}

/**
 * Starts chopsticks in this process with the runtime of a raw chain spec.
 * Every transaction builds a block at once (`Instant` mode).
 *
 * Chopsticks builds block 1 while it starts, reading the wall clock once for
 * the Aura slot and once for the timestamp, because the genesis stores no
 * timestamp. When a 12 s slot boundary falls between the two reads, the
 * runtime panics, the head stays at genesis, and later signed transactions
 * fail as bad proofs. A new start avoids this unless the timing repeats.
 */
export async function startChopsticks(options: ChopsticksOptions): Promise<ChopsticksNode> {
  const chopsticks = await loadChopsticks(options.logLevel ?? 'error');
  const attempts = options.attempts ?? 3;
  for (let attempt = 1; ; attempt += 1) {
    const server = await chopsticks.setupWithServer(chopsticksConfig(chopsticks, options));
    if (server.chain.head.number > 0) {
      return nodeOf(server, options);
    }
    await server.close();
    if (attempt >= attempts) {
      throw new Error(
        `chopsticks failed to build block 1 of ${options.chainSpec} in ${attempts} starts; start the devnet again`,
      );
    }
    options.onRetry?.(attempt);
  }
}

function chopsticksConfig(
  chopsticks: ChopsticksModule,
  options: ChopsticksOptions,
): Record<string, unknown> {
  return {
    'chain-spec': options.chainSpec,
    host: options.host,
    port: options.port,
    'build-block-mode': chopsticks.BuildBlockMode.Instant,
    // The 2023 runtime imports a benchmarking host function that the executor lacks.
    'allow-unresolved-imports': true,
    'import-storage': options.storage,
  };
}

async function nodeOf(
  server: ChopsticksServer,
  options: ChopsticksOptions,
): Promise<ChopsticksNode> {
  const port = Number(server.addr.split(':').pop());
  if (options.port !== 0 && port !== options.port) {
    // chopsticks moves to the next free port on its own; a caller that named a port wants that one.
    await server.close();
    throw new Error(
      `port ${options.port} on ${options.host} is in use; stop the other process or set DEVNET_PORT`,
    );
  }
  return {
    endpoint: `ws://${options.host}:${port}`,
    port,
    close: async () => {
      await server.close();
    },
  };
}

/** Stops chopsticks' executor thread, which otherwise keeps the process alive. */
export async function stopChopsticksWorker(): Promise<void> {
  if (loaded) {
    const chopsticks = await loaded;
    await chopsticks.destroyWorker();
  }
}
