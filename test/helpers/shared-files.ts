import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * Directory with the chain spec and metadata files. CI and developers keep
 * them beside the project; `SHARED_CHAIN_DIR` points elsewhere.
 */
export function sharedChainDir(): string {
  return process.env.SHARED_CHAIN_DIR ?? path.resolve(process.cwd(), '..', 'shared', 'chain');
}

export function sharedChainFile(name: string): string {
  const file = path.join(sharedChainDir(), name);
  if (!existsSync(file)) {
    throw new Error(
      `test data ${file} not found; set SHARED_CHAIN_DIR to the folder that holds ${name}`,
    );
  }
  return file;
}
