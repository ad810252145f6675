import type { Codec } from '@polkadot/types/types';
import {
  CallArgumentError,
  callArguments,
  callSignature,
  requireCall,
  snakeCaseName,
  type CallArgument,
  type CallSource,
} from './call-args.js';

/** Arguments of a generic call: positional, or by name in snake_case or camelCase. */
export type CallArgsInput = readonly unknown[] | Readonly<Record<string, unknown>>;

export interface DecodedArgument extends CallArgument {
  value: Codec;
}

/** A call whose arguments were checked and encoded against the runtime's metadata. */
export interface DecodedCall {
  pallet: string;
  call: string;
  args: DecodedArgument[];
}

const INTEGER_TYPE = /^(Compact<)?[ui](8|16|32|64|128|256)>?$/;
const DECIMAL_INTEGER = /^-?(0|[1-9][0-9]*)$/;
const MAX_DETAIL = 200;

function argumentsInOrder(
  source: CallSource,
  decoded: Pick<DecodedCall, 'pallet' | 'call'>,
  args: readonly CallArgument[],
  input: CallArgsInput,
): unknown[] {
  const signature = callSignature(source, decoded.pallet, decoded.call);
  if (Array.isArray(input)) {
    if (input.length !== args.length) {
      throw new CallArgumentError(
        `args has ${input.length} values but ${signature} takes ${args.length}; send one value per argument`,
      );
    }
    return [...input];
  }
  const byName = new Map<string, unknown>();
  for (const [key, value] of Object.entries(input)) {
    const name = snakeCaseName(key);
    if (byName.has(name)) {
      throw new CallArgumentError(`args names argument ${name} twice; send it once`);
    }
    if (!args.some((arg) => arg.name === name)) {
      throw new CallArgumentError(
        `args has unknown argument ${name}; ${signature} takes no such argument`,
      );
    }
    byName.set(name, value);
  }
  const missing = args.filter((arg) => !byName.has(arg.name)).map((arg) => arg.name);
  if (missing.length > 0) {
    throw new CallArgumentError(
      `args lacks ${missing.join(', ')}; ${signature} needs every argument`,
    );
  }
  return args.map((arg) => byName.get(arg.name));
}

/**
 * Rejects loose JSON for plain integers and booleans, which `createType`
 * would otherwise convert (`"yes"` to true, `1.5` to an error deep inside).
 */
function checkPlainValue(arg: CallArgument, value: unknown, where: string): void {
  if (INTEGER_TYPE.test(arg.type)) {
    const valid =
      typeof value === 'number'
        ? Number.isSafeInteger(value)
        : typeof value === 'string' && DECIMAL_INTEGER.test(value);
    if (!valid) {
      throw new CallArgumentError(
        `${where} must be an integer (a decimal string above 2^53 - 1), not ${JSON.stringify(value)?.slice(0, 40)}`,
      );
    }
  } else if (arg.type === 'bool' && typeof value !== 'boolean') {
    throw new CallArgumentError(`${where} must be true or false`);
  }
}

function encodeArgument(
  source: CallSource,
  arg: CallArgument,
  value: unknown,
  where: string,
): Codec {
  checkPlainValue(arg, value, where);
  try {
    return source.registry.createType(arg.type, value);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new CallArgumentError(`${where} is invalid: ${detail.slice(0, MAX_DETAIL)}`);
  }
}

/**
 * Checks and encodes the arguments of `pallet.call` against the runtime's
 * metadata; names are camelCase as `@polkadot/api` spells them. Throws
 * UnsupportedCallError for an unknown call and CallArgumentError naming the
 * first bad argument.
 */
export function decodeCall(
  source: CallSource,
  pallet: string,
  call: string,
  input: CallArgsInput,
): DecodedCall {
  const args = callArguments(requireCall(source, pallet, call));
  const values = argumentsInOrder(source, { pallet, call }, args, input);
  const decoded = args.map((arg, index) => {
    const where = `argument ${arg.name} (${arg.type}) of ${pallet}.${call}`;
    return { ...arg, value: encodeArgument(source, arg, values[index], where) };
  });
  return { pallet, call, args: decoded };
}

/** Builds the call from its decoded arguments. */
export function buildDecodedCall(source: CallSource, decoded: DecodedCall): unknown {
  const constructor = requireCall(source, decoded.pallet, decoded.call);
  try {
    return constructor(...decoded.args.map((arg) => arg.value));
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new CallArgumentError(
      `the arguments of ${decoded.pallet}.${decoded.call} do not encode: ${detail.slice(0, MAX_DETAIL)}`,
    );
  }
}

/** Returns the decoded argument called `name`, or undefined when the call has none. */
export function decodedArgument(decoded: DecodedCall, name: string): Codec | undefined {
  return decoded.args.find((arg) => arg.name === name)?.value;
}
