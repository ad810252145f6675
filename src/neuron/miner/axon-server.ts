import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from '../../log/logger.js';
import {
  NonceGuard,
  buildAxonErrorResponse,
  buildAxonResponse,
  unknownSynapseRejection,
  verifyAxonRequest,
  type AxonResponse,
  type SynapseDefinition,
  type SynapseFields,
  type TerminalInfo,
} from '../../protocol/index.js';

/** A synapse the axon serves and the function that computes its response. */
export interface SynapseHandler<Fields extends SynapseFields = SynapseFields> {
  synapse: SynapseDefinition<Fields>;
  answer(fields: Fields, caller: TerminalInfo): Fields | Promise<Fields>;
}

export interface AxonServerOptions {
  /** This miner's hotkey (SS58); requests signed for another axon are rejected. */
  hotkey: string;
  handlers: readonly SynapseHandler[];
  /** Returns why a caller may not use this axon, or undefined to accept it. */
  blacklist: (caller: TerminalInfo) => string | undefined;
  logger: Logger;
}

/** Largest request body the axon reads, in bytes. */
const BODY_LIMIT = 1024 * 1024;

function send(reply: import('fastify').FastifyReply, response: AxonResponse) {
  return reply.code(response.status).headers(response.headers).send(response.body);
}

/**
 * The miner's HTTP server for Python SDK dendrites: `POST /{Synapse}`
 * with `bt_header_*` headers. It verifies the caller's signature, nonce and
 * body hash before any handler runs, and never loads a private key. Responses
 * are not signed, as the SDK's axon does not sign successful ones either.
 */
export async function buildAxonServer(options: AxonServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: options.logger.child({ component: 'axon' }) as FastifyBaseLogger,
    bodyLimit: BODY_LIMIT,
    logController: new LogController({ disableRequestLogging: true }),
  });
  const nonceGuard = new NonceGuard();
  const handlers = new Map(options.handlers.map((handler) => [handler.synapse.name, handler]));
  const attached = [...handlers.keys()];

  // The body hash covers the exact bytes sent, so the body is kept as text.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));

  app.post<{ Params: { synapse: string } }>('/:synapse', async (request, reply) => {
    const started = process.hrtime.bigint();
    const handler = handlers.get(request.params.synapse);
    if (!handler) {
      return send(
        reply,
        buildAxonErrorResponse(unknownSynapseRejection(request.params.synapse, attached)),
      );
    }
    const verified = verifyAxonRequest(request.headers, String(request.body ?? ''), {
      synapse: handler.synapse,
      axonHotkey: options.hotkey,
      nonceGuard,
      blacklist: options.blacklist,
    });
    if (!verified.ok) {
      request.log.info(
        { status: verified.status, reason: verified.message, synapse: handler.synapse.name },
        'request rejected',
      );
      return send(reply, buildAxonErrorResponse(verified));
    }
    const fields = await handler.answer(verified.fields, verified.dendrite);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    request.log.debug(
      { caller: verified.dendrite.hotkey, synapse: handler.synapse.name },
      'request answered',
    );
    return send(
      reply,
      buildAxonResponse({
        synapse: handler.synapse,
        request: verified,
        fields,
        processTimeSeconds: seconds,
      }),
    );
  });

  // Periodic pruning keeps the nonce table bounded on a long-running miner.
  const pruneTimer = setInterval(() => nonceGuard.prune(), 60_000);
  pruneTimer.unref();
  app.addHook('onClose', async () => clearInterval(pruneTimer));
  await app.ready();
  return app;
}
