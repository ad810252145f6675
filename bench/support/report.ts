import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';

/** Prefix of the line that carries a script's figures as JSON, read by bench/run-all.ts. */
export const RESULT_PREFIX = 'BENCH_RESULT ';

export interface MachineInfo {
  nproc: number;
  cpuModel: string;
  nodeVersion: string;
  memoryGiB: number;
  /** 1-minute load average when the script started; above 0, other processes shared the CPU. */
  loadAverage1mAtStart: number;
  /** 1-minute load average when the result was printed, this script's own load included. */
  loadAverage1mAtEnd: number;
}

const LOAD_AT_START = loadavg()[0] ?? 0;

function cpuModel(): string {
  try {
    const match = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    return match?.[1] ?? cpus()[0]?.model ?? 'unknown';
  } catch {
    return cpus()[0]?.model ?? 'unknown';
  }
}

export function machineInfo(): MachineInfo {
  return {
    nproc: cpus().length,
    cpuModel: cpuModel(),
    nodeVersion: process.version,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    loadAverage1mAtStart: Math.round(LOAD_AT_START * 100) / 100,
    loadAverage1mAtEnd: Math.round((loadavg()[0] ?? 0) * 100) / 100,
  };
}

/**
 * Prints a script's figures: readable lines first, then one JSON line with
 * `RESULT_PREFIX` for bench/run-all.ts.
 */
export function printResult(name: string, figures: Record<string, unknown>): void {
  const result = { name, machine: machineInfo(), ...figures };
  console.log(JSON.stringify(result, null, 2));
  console.log(`${RESULT_PREFIX}${JSON.stringify(result)}`);
}

/** Prints one progress line on stderr, so stdout holds only results. */
export function progress(message: string): void {
  console.error(`[${new Date().toISOString().slice(11, 19)}] ${message}`);
}
