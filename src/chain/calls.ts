import type { ApiPromise } from '@polkadot/api';
import type { SubmittableExtrinsicFunction } from '@polkadot/api/types';

/** The connected runtime has no such call; its metadata decides what exists. */
export class UnsupportedCallError extends Error {
  readonly code = 'UNSUPPORTED_CALL';
  constructor(
    readonly pallet: string,
    readonly call: string,
    specVersion: number,
  ) {
    super(`the chain runtime (spec ${specVersion}) has no ${pallet}.${call} call`);
    this.name = 'UnsupportedCallError';
  }
}

/** Whether the runtime has `pallet.call`, both in `@polkadot/api` camelCase. */
export function hasCall(api: ApiPromise, pallet: string, call: string): boolean {
  return typeof api.tx[pallet]?.[call] === 'function';
}

/** Returns the call constructor from metadata, or throws UnsupportedCallError. */
export function findCall(
  api: ApiPromise,
  pallet: string,
  call: string,
): SubmittableExtrinsicFunction<'promise'> {
  const constructor = api.tx[pallet]?.[call];
  if (typeof constructor !== 'function') {
    throw new UnsupportedCallError(pallet, call, api.runtimeVersion.specVersion.toNumber());
  }
  return constructor;
}
