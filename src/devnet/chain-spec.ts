import { existsSync } from 'node:fs';
import path from 'node:path';

export const CHAIN_SPEC_FILE = 'subtensor-testfinney-genesis.raw.json';

/** A chain spec that cannot be found; the message says where to get one. */
export class ChainSpecNotFoundError extends Error {
  readonly code = 'CHAIN_SPEC_NOT_FOUND';
  constructor(message: string) {
    super(message);
    this.name = 'ChainSpecNotFoundError';
  }
}

const WHERE_TO_GET =
  'download chainspecs/raw_spec_testfinney.json from the public opentensor/subtensor repository ' +
  'and pass its path with --chain-spec or SUBTENSOR_CHAIN_SPEC';

/**
 * Picks the raw chain spec: the explicit path if given, otherwise the copy
 * kept beside the project in `../shared/chain/`.
 */
export function resolveChainSpec(explicit: string | undefined, projectRoot: string): string {
  if (explicit) {
    const file = path.resolve(explicit);
    if (!existsSync(file)) {
      throw new ChainSpecNotFoundError(`chain spec ${file} does not exist; ${WHERE_TO_GET}`);
    }
    return file;
  }
  const fallback = path.resolve(projectRoot, '..', 'shared', 'chain', CHAIN_SPEC_FILE);
  if (!existsSync(fallback)) {
    throw new ChainSpecNotFoundError(
      `no chain spec given and ${fallback} does not exist; ${WHERE_TO_GET}`,
    );
  }
  return fallback;
}
