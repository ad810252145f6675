/**
 * A bare Fastify server with one no-op JSON route, the ceiling that the
 * service's own routes are compared against. It parses the body as the
 * service does and returns a small JSON object. Usage: noop-server.ts PORT
 */
import Fastify from 'fastify';

const port = Number(process.argv[2]);
if (!Number.isInteger(port) || port <= 0) {
  throw new Error(`port ${process.argv[2]} is invalid; pass a free TCP port as the first argument`);
}
const app = Fastify({ logger: false, bodyLimit: 1024 * 1024 });
app.post('/noop', async () => ({ success: true }));
app.get('/health', async () => ({ status: 'ok' }));
await app.listen({ host: '127.0.0.1', port });
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
