import { spawn, type ChildProcess } from 'node:child_process';

export interface ServiceProcess {
  child: ChildProcess;
  url: string;
  output: () => string;
  kill(signal: NodeJS.Signals): Promise<void>;
}

/**
 * Runs `src/service/cli.ts` as a separate process, so a test can kill it
 * with a real signal, and waits until it listens. `nodeArgs` go to node
 * before the script.
 */
export function spawnService(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  timeoutMs = 60_000,
  nodeArgs: readonly string[] = [],
): Promise<ServiceProcess> {
  const command = [...nodeArgs, '--import', 'tsx', 'src/service/cli.ts', ...args];
  const child = spawn(process.execPath, command, {
    cwd: process.cwd(),
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`service did not listen within ${timeoutMs} ms; output:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /"url":"(https?:\/\/[^"]+)","auditDb"/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        child.stdout!.off('data', onData);
        child.stdout!.on('data', (more: Buffer) => (output += more.toString()));
        resolve({
          child,
          url: match[1],
          output: () => output,
          kill: async (signal) => {
            if (child.exitCode === null && child.signalCode === null) {
              child.kill(signal);
            }
            await exited;
          },
        });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(
        new Error(`service exited early (code ${code}, signal ${signal}); output:\n${output}`),
      );
    });
  });
}
