import type { ApiPromise } from '@polkadot/api';
import type { Codec } from '@polkadot/types/types';

/** The fields of an axon that `serve_axon` sets, as decimal strings. */
export interface AxonFields {
  version: string;
  ip: string;
  port: string;
  ipType: string;
  protocol: string;
}

type StructLike = Codec & { get(name: string): Codec | undefined };
type OptionLike = Codec & { isSome: boolean; unwrap(): Codec };

/**
 * Reads `SubtensorModule.Axons(netuid, hotkey)`. Returns undefined when the
 * runtime has no such storage or the hotkey never served an axon.
 */
export async function readAxon(
  api: ApiPromise,
  netuid: number,
  hotkey: string,
): Promise<AxonFields | undefined> {
  const query = api.query.subtensorModule?.axons;
  if (typeof query !== 'function') {
    return undefined;
  }
  let value: Codec = await query(netuid, hotkey);
  if ('isSome' in value) {
    const option = value as OptionLike;
    if (!option.isSome) {
      return undefined;
    }
    value = option.unwrap();
  }
  return axonFields(value as StructLike);
}

function axonFields(info: StructLike): AxonFields | undefined {
  const field = (name: string) => info.get(name)?.toString();
  const fields = {
    version: field('version'),
    ip: field('ip'),
    port: field('port'),
    ipType: field('ip_type') ?? field('ipType'),
    protocol: field('protocol'),
  };
  for (const value of Object.values(fields)) {
    if (value === undefined) {
      return undefined;
    }
  }
  // A storage default (every field zero) means no axon was ever served.
  if (fields.ip === '0' && fields.port === '0') {
    return undefined;
  }
  return fields as AxonFields;
}

/** Returns true when the stored axon already matches what `serve_axon` would set. */
export function sameAxon(stored: AxonFields | undefined, requested: AxonFields): boolean {
  if (stored === undefined) {
    return false;
  }
  return (Object.keys(requested) as (keyof AxonFields)[]).every(
    (key) => stored[key] === requested[key],
  );
}
