import type { ApiPromise } from '@polkadot/api';
import { decodeIp } from '../chain/ip-address.js';

/** Axon address a neuron published with `serve_axon`. */
export interface AxonEndpoint {
  ip: string;
  ipType: number;
  port: number;
  protocol: number;
  version: number;
  /** Block of the `serve_axon` call. */
  block: number;
}

/** One registered neuron, as chain storage records it, without key material. */
export interface NeuronInfo {
  uid: number;
  hotkey: string;
  coldkey: string | undefined;
  /** Total stake on the hotkey, in rao. */
  stake: bigint;
  validatorPermit: boolean;
  active: boolean;
  /** Block of the neuron's last weights update; 0 when it never set weights. */
  lastUpdate: number;
  axon: AxonEndpoint | undefined;
}

/** Subnet settings a validator needs for weights. */
export interface SubnetHyperparameters {
  tempo: number;
  weightsRateLimit: number;
  minAllowedWeights: number;
  maxWeightsLimit: number;
  weightsVersionKey: bigint;
  validatorExcludeQuantile: number;
}

export interface Metagraph {
  netuid: number;
  /** Best block when the snapshot was read. */
  block: number;
  neurons: NeuronInfo[];
  hyperparameters: SubnetHyperparameters;
}

type Query = ApiPromise['query'][string];

function subtensor(api: ApiPromise): Query {
  const query = api.query.subtensorModule;
  if (!query) {
    throw new Error('the connected chain has no SubtensorModule pallet; check the chain endpoint');
  }
  return query;
}

async function readNumber(query: Query, name: string, ...keys: unknown[]): Promise<number> {
  const entry = query[name];
  return entry ? Number((await entry(...keys)).toString()) : 0;
}

async function readVector<T>(query: Query, name: string, netuid: number): Promise<T[]> {
  const entry = query[name];
  return entry ? ((await entry(netuid)).toJSON() as T[]) : [];
}

async function readHotkeys(query: Query, netuid: number): Promise<Map<number, string>> {
  const entries = await query.keys!.entries(netuid);
  const hotkeys = new Map<number, string>();
  for (const [key, value] of entries) {
    hotkeys.set(Number(key.args[1]!.toString()), value.toString());
  }
  return hotkeys;
}

async function readAxons(query: Query, netuid: number): Promise<Map<string, AxonEndpoint>> {
  const axons = new Map<string, AxonEndpoint>();
  for (const [key, value] of await query.axons!.entries(netuid)) {
    const info = value.toJSON() as Record<string, number | string>;
    const ip = BigInt(info.ip ?? 0);
    if (ip === 0n) {
      continue;
    }
    axons.set(key.args[1]!.toString(), {
      ip: decodeIp(ip, Number(info.ipType)),
      ipType: Number(info.ipType),
      port: Number(info.port),
      protocol: Number(info.protocol),
      version: Number(info.version),
      block: Number(info.block),
    });
  }
  return axons;
}

/** Total stake per hotkey; runtimes without `TotalHotkeyStake` report 0. */
async function readStakes(query: Query, hotkeys: string[]): Promise<bigint[]> {
  const entry = query.totalHotkeyStake;
  if (!entry || hotkeys.length === 0) {
    // TODO: today's runtime keeps stake per subnet in alpha (TotalHotkeyAlpha); read it there.
    return hotkeys.map(() => 0n);
  }
  const values = await entry.multi(hotkeys);
  return values.map((value) => BigInt(value.toString()));
}

async function readOwners(query: Query, hotkeys: string[]): Promise<(string | undefined)[]> {
  const entry = query.owner;
  if (!entry || hotkeys.length === 0) {
    return hotkeys.map(() => undefined);
  }
  return (await entry.multi(hotkeys)).map((value) => value.toString());
}

/** Reads the subnet's weight settings. */
export async function readHyperparameters(
  api: ApiPromise,
  netuid: number,
): Promise<SubnetHyperparameters> {
  const query = subtensor(api);
  const versionKey = query.weightsVersionKey
    ? (await query.weightsVersionKey(netuid)).toString()
    : '0';
  return {
    tempo: await readNumber(query, 'tempo', netuid),
    weightsRateLimit: await readNumber(query, 'weightsSetRateLimit', netuid),
    minAllowedWeights: await readNumber(query, 'minAllowedWeights', netuid),
    maxWeightsLimit: await readNumber(query, 'maxWeightsLimit', netuid),
    weightsVersionKey: BigInt(versionKey),
    validatorExcludeQuantile: await readNumber(query, 'validatorExcludeQuantile', netuid),
  };
}

/**
 * Reads every neuron of a subnet from chain storage: uids, hotkeys, owners,
 * axons, stake, validator permits and last updates. Needs no key.
 */
export async function syncMetagraph(api: ApiPromise, netuid: number): Promise<Metagraph> {
  const query = subtensor(api);
  const header = await api.rpc.chain.getHeader();
  const hotkeys = await readHotkeys(query, netuid);
  const uids = [...hotkeys.keys()].sort((a, b) => a - b);
  const addresses = uids.map((uid) => hotkeys.get(uid)!);
  const [axons, stakes, owners, permits, lastUpdates, active, hyperparameters] = await Promise.all([
    readAxons(query, netuid),
    readStakes(query, addresses),
    readOwners(query, addresses),
    readVector<boolean>(query, 'validatorPermit', netuid),
    readVector<number>(query, 'lastUpdate', netuid),
    readVector<boolean>(query, 'active', netuid),
    readHyperparameters(api, netuid),
  ]);
  const neurons = uids.map((uid, index) => ({
    uid,
    hotkey: addresses[index]!,
    coldkey: owners[index],
    stake: stakes[index]!,
    validatorPermit: permits[uid] ?? false,
    active: active[uid] ?? false,
    lastUpdate: Number(lastUpdates[uid] ?? 0),
    axon: axons.get(addresses[index]!),
  }));
  return { netuid, block: header.number.toNumber(), neurons, hyperparameters };
}
