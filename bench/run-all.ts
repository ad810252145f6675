/**
 * Runs every benchmark of this folder one after the other, each in its own
 * Node process, and prints a table of the figures against their targets.
 * Each script's full output stays in the log folder that is printed at the start.
 *
 *   npm run bench -- [--seconds 20] [--soak-minutes 30] [--only api-sign,startup]
 *                    [--skip memory] [--quiet-load 0.5]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from './support/args.js';
import { buildCompiled } from './support/compiled.js';
import { RESULT_PREFIX, machineInfo, progress } from './support/report.js';
import { PROJECT_ROOT } from './support/service-process.js';
import { formatSummary } from './support/summary.js';

const args = parseArgs({
  seconds: 20,
  'soak-minutes': 30,
  only: '',
  skip: '',
  'quiet-load': 0,
  'quiet-wait-minutes': 10,
});
const logDir = mkdtempSync(path.join(tmpdir(), 'bench-run-'));
const SCRIPTS = [
  'sign-inprocess',
  'sign-pool',
  'audit-write',
  'api-sign',
  'api-sign-rates',
  'api-sign-batch',
  'profile-sign',
  'heap-growth',
  'set-weights',
  'startup',
  'memory',
] as const;
type ScriptName = (typeof SCRIPTS)[number];

function selected(): ScriptName[] {
  const only = args.only ? args.only.split(',') : [...SCRIPTS];
  const skip = new Set(args.skip.split(','));
  for (const name of [...only, ...skip]) {
    if (name && !SCRIPTS.includes(name as ScriptName)) {
      throw new Error(`unknown benchmark ${name}; known: ${SCRIPTS.join(', ')}`);
    }
  }
  return SCRIPTS.filter((name) => only.includes(name) && !skip.has(name));
}

function scriptArgs(name: ScriptName, distDir: string | undefined): string[] {
  switch (name) {
    case 'api-sign':
    case 'api-sign-rates':
    case 'api-sign-batch':
      return ['--seconds', String(args.seconds), ...(distDir ? ['--dist', distDir] : [])];
    case 'profile-sign':
    case 'heap-growth':
      return distDir ? ['--dist', distDir] : [];
    case 'startup':
      return distDir ? ['--dist', distDir] : [];
    case 'memory':
      return ['--minutes', String(args['soak-minutes']), ...(distDir ? ['--dist', distDir] : [])];
    default:
      return [];
  }
}

/** Runs one script, passing its progress lines through, and returns its parsed result. */
function runScript(name: ScriptName, extra: string[]): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(PROJECT_ROOT, 'bench', `${name}.ts`), ...extra],
      { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      process.stderr.write(chunk);
    });
    child.once('exit', (code) => {
      writeFileSync(path.join(logDir, `${name}.log`), `${stdout}\n--- stderr ---\n${stderr}`);
      const line = stdout.split('\n').find((entry) => entry.startsWith(RESULT_PREFIX));
      if (code !== 0 || line === undefined) {
        reject(new Error(`bench/${name}.ts failed (exit ${code}); see ${logDir}/${name}.log`));
        return;
      }
      resolve(JSON.parse(line.slice(RESULT_PREFIX.length)) as Record<string, unknown>);
    });
  });
}

/**
 * Waits until the 1-minute load average is below `--quiet-load`, for at most
 * `--quiet-wait-minutes`, so a script does not start while other programs
 * use the CPU. Each script records the load it started with either way.
 */
async function waitForQuietMachine(): Promise<void> {
  const threshold = args['quiet-load'];
  const deadline = Date.now() + args['quiet-wait-minutes'] * 60_000;
  if (threshold <= 0 || (loadavg()[0] ?? 0) < threshold) {
    return;
  }
  progress(`waiting for the 1-minute load average to drop below ${threshold}`);
  while ((loadavg()[0] ?? 0) >= threshold && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 5000));
  }
}

const names = selected();
progress(`logs in ${logDir}`);
const needsBuild = names.some((name) =>
  ['api-sign', 'api-sign-batch', 'profile-sign', 'heap-growth', 'startup', 'memory'].includes(name),
);
const distDir = needsBuild ? path.join(logDir, 'build') : undefined;
if (distDir) {
  buildCompiled(distDir);
}

const results: Record<string, Record<string, unknown>> = {};
const failures: string[] = [];
for (const name of names) {
  await waitForQuietMachine();
  progress(`--- bench/${name}.ts (load average ${loadavg()[0]?.toFixed(2)}) ---`);
  try {
    results[name] = await runScript(name, scriptArgs(name, distDir));
  } catch (error) {
    failures.push((error as Error).message);
    progress((error as Error).message);
  }
}

writeFileSync(path.join(logDir, 'results.json'), JSON.stringify(results, null, 2));
console.log(formatSummary(machineInfo(), results, { soakMinutes: args['soak-minutes'] }));
console.log(`\nAll results: ${path.join(logDir, 'results.json')}`);
if (failures.length > 0) {
  console.log(`\nFailed:\n${failures.join('\n')}`);
  process.exitCode = 1;
}
