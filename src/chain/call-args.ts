import type { ApiPromise } from '@polkadot/api';
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import type { Registry } from '@polkadot/types/types';
import { stringCamelCase } from '@polkadot/util';
import { UnsupportedCallError } from './calls.js';

/** A call constructor of `api.tx` or of `expandMetadata(...).tx`, with its metadata. */
export interface CallConstructor {
  (...args: unknown[]): unknown;
  meta: { args: readonly { name: { toString(): string }; type: { toString(): string } }[] };
}

/**
 * The calls of one runtime. `tx` is `api.tx` of a connection or the `tx` of
 * `expandMetadata`, so calls can be built offline against a metadata file.
 */
export interface CallSource {
  tx: object;
  registry: Registry;
  specVersion: number;
}

/** One argument as the runtime metadata declares it; `name` is snake_case, as in the metadata. */
export interface CallArgument {
  name: string;
  type: string;
}

/** A call with its arguments in metadata order, ready to be built. */
export interface CallPlan {
  pallet: string;
  call: string;
  args: unknown[];
}

/** Request values do not fit the argument list of the runtime's call. */
export class CallArgumentError extends Error {
  readonly code = 'INVALID_REQUEST';
  constructor(message: string) {
    super(message);
    this.name = 'CallArgumentError';
  }
}

export function callSourceOf(api: ApiPromise): CallSource {
  return {
    tx: api.tx,
    registry: api.registry,
    specVersion: api.runtimeVersion.specVersion.toNumber(),
  };
}

function ownProperty(target: object, key: string): unknown {
  return Object.hasOwn(target, key) ? (target as Record<string, unknown>)[key] : undefined;
}

/**
 * Returns the call constructor, or undefined when the runtime has no such
 * call. Only own properties count, so names such as `constructor` or
 * `toString` never resolve to a JavaScript built-in.
 */
export function lookupCall(
  source: CallSource,
  pallet: string,
  call: string,
): CallConstructor | undefined {
  const section = ownProperty(source.tx, pallet);
  if (section === null || typeof section !== 'object') {
    return undefined;
  }
  const constructor = ownProperty(section, call);
  if (typeof constructor !== 'function' || !('meta' in constructor)) {
    return undefined;
  }
  return constructor as CallConstructor;
}

/** Returns the call constructor, or throws UnsupportedCallError. */
export function requireCall(source: CallSource, pallet: string, call: string): CallConstructor {
  const constructor = lookupCall(source, pallet, call);
  if (constructor === undefined) {
    throw new UnsupportedCallError(pallet, call, source.specVersion);
  }
  return constructor;
}

export function callArguments(constructor: CallConstructor): CallArgument[] {
  return constructor.meta.args.map((arg) => ({
    name: snakeCaseName(arg.name.toString()),
    type: arg.type.toString(),
  }));
}

/** Formats `pallet.call(a, b, c) of runtime spec N` for messages. */
export function callSignature(source: CallSource, pallet: string, call: string): string {
  const names = callArguments(requireCall(source, pallet, call)).map((arg) => arg.name);
  return `${pallet}.${call}(${names.join(', ')}) of runtime spec ${source.specVersion}`;
}

/**
 * Puts named values into the order of the call's metadata arguments. `aliases`
 * maps a metadata name to the key of `values` (`value` to `amount`). Every
 * argument needs a value, and every defined value must be used, because
 * runtimes differ: spec 103 `add_stake` takes no netuid, spec 343 requires one.
 */
export function planCall(
  source: CallSource,
  pallet: string,
  call: string,
  values: Readonly<Record<string, unknown>>,
  aliases: Readonly<Record<string, string>> = {},
): CallPlan {
  const args = callArguments(requireCall(source, pallet, call));
  const keys = args.map((arg) => aliases[arg.name] ?? arg.name);
  const missing = keys.filter((key) => values[key] === undefined);
  const unused = Object.keys(values).filter(
    (key) => values[key] !== undefined && !keys.includes(key),
  );
  if (missing.length > 0 || unused.length > 0) {
    const problems = [
      missing.length > 0 ? `the request lacks ${missing.join(', ')}` : '',
      unused.length > 0 ? `it takes no ${unused.join(', ')}, so leave that out` : '',
    ].filter(Boolean);
    throw new CallArgumentError(
      `${callSignature(source, pallet, call)} does not fit the request: ${problems.join('; ')}`,
    );
  }
  return { pallet, call, args: keys.map((key) => values[key]) };
}

/** Builds the call of a plan; with `api.tx` as source the result is a submittable extrinsic. */
export function buildCall(source: CallSource, plan: CallPlan): unknown {
  return requireCall(source, plan.pallet, plan.call)(...plan.args);
}

/** Builds a plan against a live connection, for the submitter's build callback. */
export function buildExtrinsic(api: ApiPromise, plan: CallPlan): SubmittableExtrinsic<'promise'> {
  return buildCall(callSourceOf(api), plan) as SubmittableExtrinsic<'promise'>;
}

/**
 * Converts `amountStaked` to `amount_staked`, the spelling of the metadata
 * and the Python SDK, because `@polkadot/api` hands out camelCase names.
 */
export function snakeCaseName(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`).replace(/^_/, '');
}

/** Converts `SubtensorModule` or `subtensor_module` to `subtensorModule`, as `@polkadot/api` names them. */
export function camelCaseName(name: string): string {
  return stringCamelCase(name);
}
