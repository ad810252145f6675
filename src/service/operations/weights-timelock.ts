import {
  computeRevealRound,
  encodeCommitPayload,
  encrypt,
  type EncryptOptions,
} from '../../timelock/index.js';
import { InvalidRequestError } from './invalid-request.js';

/** `commit` of the timelocked calls is a `BoundedVec<u8, 5000>`. */
export const MAX_TIMELOCKED_COMMIT_BYTES = 5000;

export interface TimelockedCommitInput {
  /** 32-byte public key of the signing hotkey. */
  hotkey: Uint8Array;
  uids: readonly number[];
  weights: readonly number[];
  versionKey: bigint;
  /** `mechid * 4096 + netuid`, which the SDK passes as netuid to the round formula. */
  storageIndex: number;
  currentBlock: number;
  tempo: number;
  revealPeriodEpochs: number;
  /** Unix time in seconds. */
  nowSeconds: number;
  /** Fixed randomness or another beacon key, for tests only. */
  encryptOptions?: EncryptOptions;
}

export interface TimelockedCommit {
  ciphertext: Uint8Array;
  revealRound: number;
}

/**
 * Builds a CRv4 commit as the Python SDK does: SCALE of `{hotkey, uids,
 * values, version_key}` encrypted to the drand round of the block three
 * blocks into the reveal epoch. Rejects weights whose ciphertext would not
 * fit the call's 5000-byte bound.
 */
export function buildTimelockedCommit(input: TimelockedCommitInput): TimelockedCommit {
  const plaintext = encodeCommitPayload({
    hotkey: input.hotkey,
    uids: input.uids,
    values: input.weights,
    versionKey: input.versionKey,
  });
  const revealRound = computeRevealRound({
    currentBlock: input.currentBlock,
    netuid: input.storageIndex,
    tempo: input.tempo,
    revealPeriodEpochs: input.revealPeriodEpochs,
    nowSeconds: input.nowSeconds,
  });
  const ciphertext = encrypt(plaintext, revealRound, input.encryptOptions);
  if (ciphertext.length > MAX_TIMELOCKED_COMMIT_BYTES) {
    throw new InvalidRequestError(
      `${input.uids.length} weights make a ${ciphertext.length}-byte timelocked commit, above the chain's ${MAX_TIMELOCKED_COMMIT_BYTES}-byte limit; send at most 1177 uids`,
    );
  }
  return { ciphertext, revealRound };
}
