import type { ApiPromise } from '@polkadot/api';

/** `SubtensorModule.Axons[netuid][hotkey]` as plain numbers; `ip` is the chain's u128. */
export interface StoredAxon {
  block: number;
  version: number;
  ip: bigint;
  port: number;
  ipType: number;
  protocol: number;
  placeholder1: number;
  placeholder2: number;
}

/** Reads the axon a hotkey has served on a subnet, or undefined when it never served one. */
export async function readAxon(
  api: ApiPromise,
  netuid: number,
  hotkey: string,
): Promise<StoredAxon | undefined> {
  const stored = await api.query.subtensorModule!.axons!(netuid, hotkey);
  const json = stored.toJSON() as Record<string, number | string> | null;
  if (!json || (Number(json.block ?? 0) === 0 && BigInt(json.ip ?? 0) === 0n)) {
    return undefined;
  }
  return {
    block: Number(json.block),
    version: Number(json.version),
    ip: BigInt(json.ip ?? 0),
    port: Number(json.port),
    ipType: Number(json.ipType ?? json.ip_type),
    protocol: Number(json.protocol),
    placeholder1: Number(json.placeholder1),
    placeholder2: Number(json.placeholder2),
  };
}

/** The fields `serve_axon` writes; `ip` as the chain's u128. */
export type AxonSettings = Omit<StoredAxon, 'block'>;

/**
 * Returns whether the chain already stores exactly this axon. The Python SDK skips
 * `serve_axon` then, and a repeated call would only hit `ServingRateLimit`.
 */
export function axonMatches(
  stored: StoredAxon | undefined,
  expected: AxonSettings,
): stored is StoredAxon {
  return (
    stored !== undefined &&
    stored.ip === expected.ip &&
    stored.ipType === expected.ipType &&
    stored.port === expected.port &&
    stored.protocol === expected.protocol &&
    stored.version === expected.version &&
    stored.placeholder1 === expected.placeholder1 &&
    stored.placeholder2 === expected.placeholder2
  );
}
