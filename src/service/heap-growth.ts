import { setFlagsFromString } from 'node:v8';

const FLAG = '--heap-growing-percent';

/**
 * Returns the V8 flag that sets old-generation growth to `percent`, or
 * undefined when `percent` is 0 (V8's own factor) or the operator already
 * chose one on the command line (`node --heap-growing-percent=N dist/service/cli.js`).
 */
export function heapGrowthFlag(percent: number, execArgv: readonly string[]): string | undefined {
  const chosen = execArgv.some((arg) => flagName(arg) === FLAG);
  return chosen || percent === 0 ? undefined : `${FLAG}=${percent}`;
}

/** Returns the name part of a V8 flag, with underscores as hyphens, since V8 takes either. */
function flagName(arg: string): string {
  const name = arg.split('=')[0] ?? '';
  return name.replaceAll('_', '-');
}

/**
 * Caps old-generation growth for this process. Under load about 1 % of what
 * a request allocates survives two scavenges and is promoted, so the old
 * generation fills with garbage between full collections. With V8's own factor the main thread's old space
 * swung between 46 and 110 MiB in the memory soak (`bench/memory.ts`), and
 * at 30 % it stayed near 45 MiB (figures in docs/benchmarks.md).
 *
 * Set after start-up, the flag still applies to later collections (the
 * churn test in test/service/heap-growth.test.ts measures it). V8 flags are
 * process-wide, so worker threads share it.
 */
export function limitHeapGrowth(
  percent: number,
  execArgv: readonly string[] = process.execArgv,
): void {
  const flag = heapGrowthFlag(percent, execArgv);
  if (flag) {
    setFlagsFromString(flag);
  }
}
