import { createRequire } from 'node:module';
import { availableParallelism, freemem } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { KeystoreError } from './errors.js';
import { loadSodium, NACL_KEY_BYTES, NACL_MEMLIMIT, NACL_OPSLIMIT, NACL_SALT } from './nacl.js';

/**
 * Peak memory of one Argon2i derivation: 512 MiB of Argon2 memory plus the
 * WebAssembly module, about 570 MB measured with libsodium-wrappers-sumo 0.8.4
 * on Node 20, rounded up.
 */
const DERIVATION_PEAK_BYTES = 640 * 1024 * 1024;

/**
 * Worker body, evaluated from a string so that it runs the same under tsx,
 * vitest and compiled JavaScript. It receives the password bytes and the
 * Argon2i parameters, and sends back only the 32-byte derived key.
 * Dynamic imports keep it valid as both a CommonJS and an ES module script.
 */
const WORKER_SOURCE = `
(async () => {
  const { parentPort } = await import('node:worker_threads');
  parentPort.once('message', async (request) => {
    try {
      const sodium = (await import(request.sodiumUrl)).default;
      await sodium.ready;
      const derived = sodium.crypto_pwhash(
        request.keyBytes, request.password, request.salt,
        request.opsLimit, request.memLimit, request.algorithm,
      );
      const key = new Uint8Array(derived);
      derived.fill(0);
      parentPort.postMessage({ key }, [key.buffer]);
    } catch (error) {
      parentPort.postMessage({ error: error instanceof Error ? error.name : 'Error' });
    } finally {
      request.password.fill(0);
    }
  });
})();
`;

interface WorkerReply {
  key?: Uint8Array;
  error?: string;
}

function sodiumModuleUrl(): string {
  const require = createRequire(import.meta.url);
  return pathToFileURL(require.resolve('libsodium-wrappers-sumo')).href;
}

/**
 * Returns how many derivations may run at once: one per CPU, but no more
 * than free memory holds.
 */
export function defaultDerivationConcurrency(): number {
  const byMemory = Math.floor(freemem() / DERIVATION_PEAK_BYTES);
  return Math.max(1, Math.min(availableParallelism(), byMemory));
}

/**
 * Derives the `$NACL` secretbox key from a password in a worker thread, so the
 * several seconds of Argon2i do not block the event loop. The password bytes are
 * copied and the copy moves to the worker, which zeroes it; the caller still
 * owns and should zero `password`. The worker exits after one derivation so
 * its 512 MiB go back to the system.
 */
export async function deriveNaclKey(password: Uint8Array): Promise<Uint8Array> {
  const lib = await loadSodium();
  const passwordCopy = new Uint8Array(password);
  const worker = new Worker(WORKER_SOURCE, { eval: true });

  try {
    const reply = await new Promise<WorkerReply>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.once('exit', (exitCode) => {
        resolve({ error: `worker exited with code ${exitCode}` });
      });
      worker.postMessage(
        {
          sodiumUrl: sodiumModuleUrl(),
          password: passwordCopy,
          salt: NACL_SALT,
          keyBytes: NACL_KEY_BYTES,
          opsLimit: NACL_OPSLIMIT,
          memLimit: NACL_MEMLIMIT,
          algorithm: lib.crypto_pwhash_ALG_ARGON2I13,
        },
        [passwordCopy.buffer],
      );
    }).catch((error: unknown): WorkerReply => ({ error: describeFailure(error) }));
    if (reply.key === undefined) {
      throw new KeystoreError(
        'UNLOCK_FAILED',
        `Argon2i key derivation failed in a worker thread (${reply.error ?? 'no key'}); ` +
          'each derivation needs about 570 MB of free memory, so lower the unlock concurrency ' +
          'or free memory',
      );
    }
    return reply.key;
  } finally {
    await worker.terminate();
  }
}

/** Names a worker failure by error name and code only, never by message text. */
function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) {
    return typeof error;
  }
  const code = (error as NodeJS.ErrnoException).code;
  return code === undefined ? error.name : `${error.name} ${code}`;
}
