import type { ApiPromise } from '@polkadot/api';
import { planCall, type CallPlan, type CallSource } from './call-args.js';

/** The runtime lacks the storage an operation reads; mapped to UNSUPPORTED_CALL like a missing call. */
export class MissingStorageError extends Error {
  readonly code = 'UNSUPPORTED_CALL';
  constructor(message: string) {
    super(message);
    this.name = 'MissingStorageError';
  }
}

/** Plans `burned_register(netuid, hotkey)`, which the coldkey signs and pays for. */
export function planBurnedRegister(source: CallSource, netuid: number, hotkey: string): CallPlan {
  return planCall(source, 'subtensorModule', 'burnedRegister', { netuid, hotkey });
}

/** Reads `SubtensorModule.Burn[netuid]`: the rao a burned registration costs right now. */
export async function readBurnCost(api: ApiPromise, netuid: number): Promise<bigint> {
  const burn = api.query.subtensorModule?.burn;
  if (burn === undefined) {
    throw new MissingStorageError(
      `the chain runtime (spec ${api.runtimeVersion.specVersion.toNumber()}) has no SubtensorModule.Burn storage, so the registration cost is unknown`,
    );
  }
  const value = await burn(netuid);
  return BigInt(value.toString());
}
