import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** A part of the event loop's time, recognised by the function or file on the stack. */
interface Category {
  name: string;
  matches(functionName: string, url: string): boolean;
}

/**
 * Categories of the service's event loop time, innermost first on each
 * stack. The names are those of src/ and of the packages in node_modules.
 */
const CATEGORIES: Category[] = [
  {
    name: 'sr25519 signing in the event loop',
    matches: (fn) => fn === 'signSr25519',
  },
  {
    name: 'handing signing to the worker pool',
    matches: (fn, url) => url.includes('sign-pool') && fn !== 'eventLoopBusy',
  },
  {
    name: 'audit record write (SQLite)',
    matches: (fn, url) => fn === 'record' && url.includes('audit-log'),
  },
  {
    name: 'handing audit records to the writer thread',
    matches: (_fn, url) => url.includes('audit-writer'),
  },
  {
    name: 'request logging (pino)',
    matches: (_fn, url) => url.includes('/pino/') || url.includes('@pinojs'),
  },
  { name: 'metrics (prom-client)', matches: (_fn, url) => url.includes('prom-client') },
  {
    name: 'socket writes',
    matches: (fn) => fn === 'writev' || fn === 'writeUtf8String' || fn === 'writeBuffer',
  },
  {
    name: 'JSON body parsing',
    matches: (_fn, url) => url.includes('secure-json-parse'),
  },
  {
    name: 'response serialization',
    matches: (_fn, url) => url.includes('fast-json-stringify'),
  },
  { name: 'garbage collection', matches: (fn) => fn === '(garbage collector)' },
  { name: 'idle', matches: (fn) => fn === '(idle)' },
];

/** Finds the profile of a process's main thread in a `--cpu-prof-dir` folder (thread id 0). */
export function mainThreadProfile(dir: string, pid: number): string {
  const file = readdirSync(dir).find((name) => name.includes(`.${pid}.0.`));
  if (file === undefined) {
    throw new Error(`no main-thread CPU profile of process ${pid} in ${dir}; did it exit cleanly?`);
  }
  return path.join(dir, file);
}

/**
 * Splits the main thread's time between `fromMicros` and `toMicros`
 * (CLOCK_MONOTONIC, as `process.hrtime` in any process on the machine
 * reports it) into CATEGORIES plus `other`, in milliseconds.
 */
export function categorizeProfile(
  file: string,
  fromMicros: number,
  toMicros: number,
): Record<string, number> {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parents = new Map<number, number>();
  for (const node of profile.nodes) {
    for (const child of node.children ?? []) {
      parents.set(child, node.id);
    }
  }

  const categoryOf = new Map<number, string>();
  const categorize = (id: number): string => {
    const known = categoryOf.get(id);
    if (known !== undefined) {
      return known;
    }
    const node = nodes.get(id)!;
    const own = CATEGORIES.find((category) =>
      category.matches(node.callFrame.functionName, node.callFrame.url),
    );
    const parent = parents.get(id);
    const result = own?.name ?? (parent === undefined ? 'other' : categorize(parent));
    categoryOf.set(id, result);
    return result;
  };

  const totals: Record<string, number> = {};
  let time = profile.startTime;
  profile.samples.forEach((id, index) => {
    const delta = profile.timeDeltas[index] ?? 0;
    time += delta;
    if (time < fromMicros || time > toMicros) {
      return;
    }
    // Innermost match wins: walk from the sampled frame towards the root.
    const name = categorize(id);
    totals[name] = (totals[name] ?? 0) + delta / 1000;
  });
  return totals;
}
