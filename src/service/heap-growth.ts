import { setFlagsFromString } from 'node:v8';

const FLAG = '--heap-growing-percent';

/**
 * Growth of V8's old generation after each full collection, in percent of
 * the live size. Under load, request objects outlive two scavenges and are
 * promoted, so the old generation fills with short-lived garbage. With V8's
 * own factor the main thread's old space swung between 46 and 110 MiB in the
 * memory soak (`bench/memory.ts`). At 30 it stayed near 45 MiB at the same
 * request rate (figures in docs/benchmarks.md).
 */
export const HEAP_GROWING_PERCENT = 30;

/**
 * Returns the V8 flag to set, or undefined when the operator already chose
 * one on the command line (`node --heap-growing-percent=N dist/service/cli.js`).
 */
export function heapGrowthFlag(execArgv: readonly string[]): string | undefined {
  const chosen = execArgv.some((arg) => arg === FLAG || arg.startsWith(`${FLAG}=`));
  return chosen ? undefined : `${FLAG}=${HEAP_GROWING_PERCENT}`;
}

/**
 * Caps old-generation growth for this process. Set after start-up, the flag
 * still applies to later collections (the churn test in
 * test/service/heap-growth.test.ts measures it). V8 flags are process-wide,
 * so worker threads share it.
 */
export function limitHeapGrowth(execArgv: readonly string[] = process.execArgv): void {
  const flag = heapGrowthFlag(execArgv);
  if (flag) {
    setFlagsFromString(flag);
  }
}
