/**
 * Batch signing through the API: POST /wallet/sign with 256 messages per
 * request, which the keystore splits over its worker threads. The figure is
 * signatures per second, compared with the in-process WebAssembly rate of
 * every core measured just before in the same run.
 *
 *   node --import tsx bench/api-sign-batch.ts [--seconds 20] [--clients 8] [--messages 256]
 *                                             [--dist DIR]
 */
import { createApiFixture } from './support/api-setup.js';
import { measureServiceRoute } from './support/api-run.js';
import { parseArgs } from './support/args.js';
import { signBody } from './support/fixtures.js';
import { wasmAllCoresRate, wasmRate } from './support/inprocess.js';
import { printResult, progress } from './support/report.js';
import { round } from './support/stats.js';

const args = parseArgs({
  seconds: 20,
  'warmup-seconds': 5,
  clients: 8,
  messages: 256,
  'inprocess-seconds': 5,
  dist: '',
});
const fixture = await createApiFixture('api-sign-batch', 1, args.dist);
const hotkey = fixture.wallet.hotkeys[0]!;
const bodies = Array.from({ length: 32 }, () =>
  signBody(fixture.wallet.name, hotkey, args.messages),
);

try {
  progress(`in-process signing, ${args['inprocess-seconds']} s each`);
  const wasmOneCore = round(await wasmRate(args['inprocess-seconds'] * 1000), 0);
  const wasmAllCores = round(await wasmAllCoresRate(args['inprocess-seconds'] * 1000), 0);

  progress(`service, ${args.messages} messages per request, ${args.clients} clients`);
  const service = await fixture.startService('disk');
  const batch = await measureServiceRoute(service, {
    url: service.url,
    request: (index) => ({
      method: 'POST',
      path: '/wallet/sign',
      body: bodies[index % bodies.length]!,
    }),
    headers: { authorization: `Bearer ${fixture.token}` },
    concurrency: args.clients,
    durationMs: args.seconds * 1000,
    warmupMs: args['warmup-seconds'] * 1000,
  });
  await service.stop();

  const signaturesPerSecond = round(batch.requestsPerSecond * args.messages, 0);
  printResult('api-sign-batch', {
    runner: args.dist ? 'compiled' : 'tsx',
    clients: args.clients,
    messagesPerRequest: args.messages,
    seconds: args.seconds,
    inProcessSignaturesPerSecond: { wasmOneCore, wasmAllCores },
    batch,
    signaturesPerSecond,
    ratios: {
      toWasmAllCores: round(signaturesPerSecond / wasmAllCores, 3),
      toWasmOneCore: round(signaturesPerSecond / wasmOneCore, 3),
    },
    targets: { atLeast80PercentOfAllCores: signaturesPerSecond >= 0.8 * wasmAllCores },
  });
} finally {
  fixture.remove();
}
