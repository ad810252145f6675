import { readFileSync, readdirSync } from 'node:fs';

/** Clock ticks per second of /proc CPU times; 100 on Linux for x86 and arm64. */
const CLOCK_TICKS = 100;

/** Resident set size of a process in bytes, from /proc (Linux only). */
export function rssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(status);
  if (!match) {
    throw new Error(`no VmRSS line in /proc/${pid}/status; is the process still running?`);
  }
  return Number(match[1]) * 1024;
}

/** CPU time (user + system) of one thread or process, in seconds, from a /proc stat file. */
function statCpuSeconds(file: string): number {
  const stat = readFileSync(file, 'utf8');
  // Fields after the parenthesised command name: state is field 3, utime 14, stime 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

/** CPU time of a whole process (all threads) in seconds. */
export function processCpuSeconds(pid: number): number {
  return statCpuSeconds(`/proc/${pid}/stat`);
}

/** CPU time of a process's main thread (the JavaScript event loop in Node) in seconds. */
export function mainThreadCpuSeconds(pid: number): number {
  return statCpuSeconds(`/proc/${pid}/task/${pid}/stat`);
}

/** Number of threads of a process. */
export function threadCount(pid: number): number {
  return readdirSync(`/proc/${pid}/task`).length;
}

/** Samples CPU seconds of a process over a window; call `stop()` at its end. */
export function cpuMeter(pid: number): () => { processCores: number; mainThreadCores: number } {
  const started = performance.now();
  const process0 = processCpuSeconds(pid);
  const main0 = mainThreadCpuSeconds(pid);
  return () => {
    const seconds = (performance.now() - started) / 1000;
    return {
      processCores: (processCpuSeconds(pid) - process0) / seconds,
      mainThreadCores: (mainThreadCpuSeconds(pid) - main0) / seconds,
    };
  };
}
