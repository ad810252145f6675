/**
 * Profiles the service's event loop under single-message signing: a V8 CPU
 * profile of the service's main thread (`node --cpu-prof`)
 * during a closed loop of 64 clients, split into categories (signing, audit
 * write, request logging, socket writes, JSON, garbage collection, idle) by
 * the functions on each sampled stack. Profiling slows the service by a few
 * percent, so take rates from bench/api-sign.ts and shares from here.
 *
 *   node --import tsx bench/profile-sign.ts [--seconds 15] [--audit disk|tmpfs] [--dist DIR]
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { createApiFixture, singleSignRequests, type AuditPlacement } from './support/api-setup.js';
import { measureServiceRoute } from './support/api-run.js';
import { parseArgs } from './support/args.js';
import { categorizeProfile, mainThreadProfile } from './support/cpu-profile.js';
import { printResult, progress } from './support/report.js';
import { round } from './support/stats.js';

const args = parseArgs({ seconds: 15, clients: 64, audit: 'disk', dist: '' });
if (args.audit !== 'disk' && args.audit !== 'tmpfs') {
  throw new Error(`--audit ${args.audit} is invalid; use disk or tmpfs`);
}
const fixture = await createApiFixture('profile-sign', 1, args.dist);
const profileDir = path.join(fixture.dir, 'profile');
mkdirSync(profileDir);
const request = singleSignRequests(fixture);

const nowMicros = () => Number(process.hrtime.bigint() / 1000n);

try {
  const service = await fixture.startService(args.audit as AuditPlacement, [
    '--cpu-prof',
    `--cpu-prof-dir=${profileDir}`,
  ]);
  progress(`profiling ${args.seconds} s of single-message signing, audit on ${args.audit}`);
  let from = 0;
  const load = await measureServiceRoute(service, {
    url: service.url,
    request,
    headers: { authorization: `Bearer ${fixture.token}` },
    concurrency: args.clients,
    durationMs: args.seconds * 1000,
    warmupMs: 3000,
    onMeasureStart: () => {
      from = nowMicros();
    },
  });
  const to = nowMicros();
  // The profile is written when the process exits.
  await service.stop();

  const totals = categorizeProfile(mainThreadProfile(profileDir, service.pid), from, to);
  const windowMs = (to - from) / 1000;
  const requests = load.requestsPerSecond * args.seconds;
  const busyMs = windowMs - (totals.idle ?? 0);
  const shares = Object.entries(totals)
    .sort((a, b) => b[1] - a[1])
    .map(([category, ms]) => ({
      category,
      percentOfWindow: round((ms / windowMs) * 100, 1),
      microsecondsPerRequest: round((ms * 1000) / requests, 1),
    }));
  printResult('profile-sign', {
    audit: args.audit,
    requestsPerSecond: load.requestsPerSecond,
    eventLoopBusyPercent: round((busyMs / windowMs) * 100, 1),
    eventLoopBusyMicrosecondsPerRequest: round((busyMs * 1000) / requests, 1),
    shares,
  });
} finally {
  fixture.remove();
}
