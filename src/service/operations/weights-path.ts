import type { WeightsSubnetState } from './weights-state.js';

/**
 * Way `set_weights` puts weights on chain: `direct` (set_weights),
 * `timelocked_commit` (CRv4: the chain reveals by itself at a drand round),
 * or `commit` (CRv2: a hash commit that this service reveals later).
 */
export type WeightsPath = 'direct' | 'timelocked_commit' | 'commit';

/** The first `CommitRevealWeightsVersion` whose commits carry the hotkey in a timelocked payload. */
export const TIMELOCK_VERSION = 4;

/** Commit calls the connected runtime has. */
export interface CommitCallSupport {
  timelockedCommit: boolean;
  hashCommit: boolean;
}

/** The path could not be taken because the runtime lacks every call that fits it. */
export class NoCommitCallError extends Error {
  readonly code = 'UNSUPPORTED_CALL';
  constructor(message: string) {
    super(message);
    this.name = 'NoCommitCallError';
  }
}

/**
 * Decides the path from the subnet's storage:
 * - commit-reveal off: `direct`, as the SDK does;
 * - on with version 4 or more: `timelocked_commit`, as the SDK does; the
 *   call carries that version, which the chain requires to equal storage;
 * - on with a version below 4: `commit`. Timelocked commits of those
 *   versions use another payload layout, and a hash commit is accepted at
 *   any version while commit-reveal is on.
 * A runtime without timelocked calls gets a hash commit too.
 */
export function chooseWeightsPath(
  state: Pick<WeightsSubnetState, 'commitRevealEnabled' | 'commitRevealVersion'>,
  calls: CommitCallSupport,
): WeightsPath {
  if (!state.commitRevealEnabled) {
    return 'direct';
  }
  if (state.commitRevealVersion >= TIMELOCK_VERSION && calls.timelockedCommit) {
    return 'timelocked_commit';
  }
  if (calls.hashCommit) {
    return 'commit';
  }
  throw new NoCommitCallError(
    `the subnet has commit-reveal (version ${state.commitRevealVersion}) on, but the chain runtime has neither timelocked nor hash commit calls`,
  );
}
