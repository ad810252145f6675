import type { FastifyInstance } from 'fastify';

/** Headers on every response: no caching of signed data, no sniffing, no framing. */
const COMMON_HEADERS: Record<string, string> = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-resource-policy': 'same-origin',
};

/**
 * Adds security headers. JSON routes also get a content policy that allows
 * nothing; the interactive docs under /docs need their own scripts, so they
 * keep the UI's defaults.
 */
export function registerSecurityHeaders(app: FastifyInstance, https: boolean): void {
  app.addHook('onSend', async (request, reply, payload) => {
    reply.headers(COMMON_HEADERS);
    if (!request.url.startsWith('/docs')) {
      reply.header('content-security-policy', "default-src 'none'; frame-ancestors 'none'");
    }
    if (https) {
      reply.header('strict-transport-security', 'max-age=31536000');
    }
    return payload;
  });
}
