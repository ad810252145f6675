import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../config/paths.js';

/** A program of this project running as a child process, its output going to a log file. */
export interface ManagedChild {
  name: string;
  logFile: string;
  child: ChildProcess;
  /** Resolves with the first output line that contains `text`; rejects if the child exits first. */
  waitForLine(text: string, timeoutMs: number): Promise<string>;
  /** Sends SIGTERM, then SIGKILL after `graceMs`, and waits for the exit. */
  stop(graceMs?: number): Promise<void>;
  /** The last lines of its log, for error messages. */
  tail(lines?: number): string;
}

const TSX_LOADER = path.join(PROJECT_ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs');

/** Starts `src/<entry>` with tsx, writing its stdout and stderr to `<logDir>/<name>.log`. */
export function startChild(
  name: string,
  entry: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  logDir: string,
): ManagedChild {
  const logFile = path.join(logDir, `${name}.log`);
  const log = createWriteStream(logFile, { flags: 'w', mode: 0o600 });
  const child = spawn(
    process.execPath,
    ['--import', `file://${TSX_LOADER}`, path.join(PROJECT_ROOT, entry), ...args],
    {
      cwd: PROJECT_ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout!.pipe(log, { end: false });
  child.stderr!.pipe(log, { end: false });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(() => log.end());

  const tail = (lines = 15) => {
    try {
      return readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } catch {
      return '';
    }
  };

  const waitForLine = (text: string, timeoutMs: number) =>
    new Promise<string>((resolve, reject) => {
      let buffer = '';
      const onData = (chunk: Buffer) => {
        buffer += chunk.toString();
        const line = buffer.split('\n').find((item) => item.includes(text));
        if (line !== undefined) {
          finish();
          resolve(line);
        }
      };
      const onExit = (code: number | null, signal: string | null) => {
        finish();
        reject(
          new Error(
            `${name} exited (code ${code}, signal ${signal}) before printing "${text}"; last lines of ${logFile}:\n${tail()}`,
          ),
        );
      };
      const timer = setTimeout(() => {
        finish();
        reject(
          new Error(
            `${name} did not print "${text}" within ${timeoutMs} ms; last lines of ${logFile}:\n${tail()}`,
          ),
        );
      }, timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        child.stdout!.off('data', onData);
        child.stderr!.off('data', onData);
        child.off('exit', onExit);
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.once('exit', onExit);
    });

  const stop = async (graceMs = 10_000) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      return;
    }
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  };

  return { name, logFile, child, waitForLine, stop, tail };
}
