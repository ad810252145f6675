import { createServer } from 'node:net';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';

/*
 * A stand-in for the manage service that responds with scripted faults: error
 * responses, hangs and reset connections. The tests use it to reproduce the
 * service's failure modes, which the real service cannot be made to show on
 * demand. It listens on 127.0.0.1 only.
 */

/** A response or failure the server produces for one request. */
export type Fault =
  | { kind: 'reply'; status: number; body?: unknown; headers?: Record<string, string> }
  /** Destroys the connection after the request arrived, without a response. */
  | { kind: 'reset' }
  /** Holds the request for `ms` milliseconds (or until close), then replies 200 `body`. */
  | { kind: 'hang'; ms: number; body?: unknown };

export type FaultHandler = (request: RecordedRequest) => Fault;

export interface RecordedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  /** Arrival time from performance.now(), in milliseconds. */
  at: number;
}

export class FaultServer {
  readonly requests: RecordedRequest[] = [];
  readonly #app: FastifyInstance;
  readonly #scripts = new Map<string, Fault[]>();
  readonly #defaults = new Map<string, FaultHandler>();
  readonly #closing = new AbortController();
  #port = 0;

  private constructor() {
    this.#app = Fastify({ logger: false, forceCloseConnections: true });
    this.#app.all('/*', async (request, reply) => {
      const recorded = record(request);
      this.requests.push(recorded);
      const fault = this.#next(recorded);
      if (fault.kind === 'reset') {
        reply.hijack();
        request.raw.socket.destroy();
        return;
      }
      if (fault.kind === 'hang') {
        await this.#hold(fault.ms);
        return reply.code(200).send(fault.body ?? {});
      }
      return reply
        .code(fault.status)
        .headers(fault.headers ?? {})
        .send(fault.body ?? {});
    });
  }

  /** Starts a server on 127.0.0.1; port 0 picks a free one. */
  static async start(port = 0): Promise<FaultServer> {
    const server = new FaultServer();
    await server.#app.listen({ host: '127.0.0.1', port });
    const address = server.#app.server.address();
    server.#port = typeof address === 'object' && address !== null ? address.port : 0;
    return server;
  }

  get port(): number {
    return this.#port;
  }

  get url(): string {
    return `http://127.0.0.1:${this.#port}`;
  }

  /** Queues faults for `path`; each request takes the next one, then the default applies. */
  script(path: string, ...faults: Fault[]): void {
    this.#scripts.set(path, [...(this.#scripts.get(path) ?? []), ...faults]);
  }

  /** Sets the response of `path` for requests after its script is used up. */
  setDefault(path: string, handler: FaultHandler): void {
    this.#defaults.set(path, handler);
  }

  /** Requests received for `path`. */
  requestsTo(path: string): RecordedRequest[] {
    return this.requests.filter((request) => request.path === path);
  }

  async close(): Promise<void> {
    this.#closing.abort();
    await this.#app.close();
  }

  #next(request: RecordedRequest): Fault {
    const scripted = this.#scripts.get(request.path)?.shift();
    if (scripted !== undefined) {
      return scripted;
    }
    const handler = this.#defaults.get(request.path);
    if (handler !== undefined) {
      return handler(request);
    }
    return { kind: 'reply', status: 404, body: serviceError(404, 'not_found', 'ROUTE_NOT_FOUND') };
  }

  #hold(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.#closing.signal.addEventListener('abort', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}

function record(request: FastifyRequest): RecordedRequest {
  const url = new URL(request.url, 'http://127.0.0.1');
  return {
    method: request.method,
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    headers: request.headers,
    body: request.body,
    at: performance.now(),
  };
}

/** Builds an error body in the service's format. */
export function serviceError(
  status: number,
  type: string,
  code: string,
  extra: Record<string, string> = {},
): Record<string, unknown> {
  return {
    success: false,
    error: { type, code, message: `${code} (HTTP ${status}) from the fault server`, ...extra },
    request_id: `fault-${code.toLowerCase()}`,
  };
}

/** Returns a port on 127.0.0.1 that nothing listens on, so connections to it are refused. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
