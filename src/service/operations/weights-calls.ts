import type { ApiPromise } from '@polkadot/api';
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import { u8aToHex } from '@polkadot/util';
import { UnsupportedCallError } from '../../chain/calls.js';

/**
 * Call constructors by pallet and call name, in `@polkadot/api` camelCase:
 * `api.tx` of a connected API, or `expandMetadata(...).tx` offline.
 */
export type CallTable<T> = Record<string, Record<string, (...args: unknown[]) => T> | undefined>;

/** Returns the call table of a connected API, whose calls become signable extrinsics. */
export function extrinsicTable(api: ApiPromise): CallTable<SubmittableExtrinsic<'promise'>> {
  return api.tx as unknown as CallTable<SubmittableExtrinsic<'promise'>>;
}

/** A pair of calls that differ only by the mechanism id argument after `netuid`. */
interface CallPair {
  plain: string;
  mechanism: string;
}

export const SET_WEIGHTS_CALLS: CallPair = {
  plain: 'setWeights',
  mechanism: 'setMechanismWeights',
};
export const COMMIT_HASH_CALLS: CallPair = {
  plain: 'commitWeights',
  mechanism: 'commitMechanismWeights',
};
export const REVEAL_CALLS: CallPair = {
  plain: 'revealWeights',
  mechanism: 'revealMechanismWeights',
};
export const TIMELOCKED_COMMIT_CALLS: CallPair = {
  plain: 'commitTimelockedWeights',
  mechanism: 'commitTimelockedMechanismWeights',
};

const PALLET = 'subtensorModule';

/** A built call with its name in the chain's snake_case, for responses and the audit log. */
export interface BuiltCall<T> {
  name: string;
  call: T;
}

/** Checks whether the runtime has either call of the pair. */
export function hasCallPair<T>(tx: CallTable<T>, pair: CallPair): boolean {
  const module = tx[PALLET];
  return (
    typeof module?.[pair.plain] === 'function' || typeof module?.[pair.mechanism] === 'function'
  );
}

/**
 * Picks the plain call when the request named no mechanism, and the
 * mechanism call when it did. Either falls back to the other where that
 * changes nothing: mechanism 0 is the plain call's storage index.
 */
function pickCall(
  tx: CallTable<unknown>,
  pair: CallPair,
  mechid: number | undefined,
  specVersion: number,
): { name: string; withMechid: boolean } {
  const module = tx[PALLET];
  const has = (name: string) => typeof module?.[name] === 'function';
  if (mechid === undefined) {
    if (has(pair.plain)) {
      return { name: pair.plain, withMechid: false };
    }
    if (has(pair.mechanism)) {
      return { name: pair.mechanism, withMechid: true };
    }
    throw new UnsupportedCallError(PALLET, pair.plain, specVersion);
  }
  if (has(pair.mechanism)) {
    return { name: pair.mechanism, withMechid: true };
  }
  if (mechid === 0 && has(pair.plain)) {
    return { name: pair.plain, withMechid: false };
  }
  const error = new UnsupportedCallError(PALLET, pair.mechanism, specVersion);
  error.message += `; mechid ${mechid} needs it, so send mechid 0 or leave it out`;
  throw error;
}

/**
 * Returns the snake_case name of the call of `pair` that `target` would use;
 * throws UnsupportedCallError when the runtime has no fitting call.
 */
export function requireCall<T>(tx: CallTable<T>, pair: CallPair, target: WeightsTarget): string {
  return snakeCase(pickCall(tx, pair, target.mechid, target.specVersion).name);
}

function build<T>(
  tx: CallTable<T>,
  pair: CallPair,
  target: WeightsTarget,
  args: unknown[],
): BuiltCall<T> {
  const { name, withMechid } = pickCall(tx, pair, target.mechid, target.specVersion);
  const constructor = tx[PALLET]![name]!;
  const head = withMechid ? [target.netuid, target.mechid ?? 0] : [target.netuid];
  return { name: snakeCase(name), call: constructor(...head, ...args) };
}

/** Subnet and mechanism a call targets, with the runtime version for error messages. */
export interface WeightsTarget {
  netuid: number;
  mechid: number | undefined;
  specVersion: number;
}

/** `set_weights(netuid, dests, weights, version_key)` or its mechanism variant. */
export function directWeightsCall<T>(
  tx: CallTable<T>,
  target: WeightsTarget,
  weights: { uids: readonly number[]; weights: readonly number[]; versionKey: bigint },
): BuiltCall<T> {
  return build(tx, SET_WEIGHTS_CALLS, target, [weights.uids, weights.weights, weights.versionKey]);
}

/** `commit_weights(netuid, commit_hash)` or its mechanism variant. */
export function commitHashCall<T>(
  tx: CallTable<T>,
  target: WeightsTarget,
  commitHash: string,
): BuiltCall<T> {
  return build(tx, COMMIT_HASH_CALLS, target, [commitHash]);
}

/** `reveal_weights(netuid, uids, values, salt, version_key)` or its mechanism variant. */
export function revealCall<T>(
  tx: CallTable<T>,
  target: WeightsTarget,
  reveal: {
    uids: readonly number[];
    weights: readonly number[];
    salt: readonly number[];
    versionKey: bigint;
  },
): BuiltCall<T> {
  return build(tx, REVEAL_CALLS, target, [
    reveal.uids,
    reveal.weights,
    reveal.salt,
    reveal.versionKey,
  ]);
}

/**
 * `commit_timelocked_weights(netuid, commit, reveal_round, commit_reveal_version)`
 * or its mechanism variant.
 */
export function timelockedCommitCall<T>(
  tx: CallTable<T>,
  target: WeightsTarget,
  commit: { ciphertext: Uint8Array; revealRound: number; commitRevealVersion: number },
): BuiltCall<T> {
  // `Bytes` reads a Uint8Array as already length-prefixed SCALE, so raw bytes go in as hex.
  return build(tx, TIMELOCKED_COMMIT_CALLS, target, [
    u8aToHex(commit.ciphertext),
    commit.revealRound,
    commit.commitRevealVersion,
  ]);
}

function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}
