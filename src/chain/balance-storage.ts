import type { ApiPromise } from '@polkadot/api';

/** Reads the free balance of an account from `System.Account`, in rao. */
export async function readFreeBalance(api: ApiPromise, address: string): Promise<bigint> {
  const account = await api.query.system.account(address);
  return account.data.free.toBigInt();
}
