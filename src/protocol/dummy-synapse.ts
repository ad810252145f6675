import { ProtocolError } from './errors.js';
import type { SynapseDefinition } from './synapse.js';

/** Fields of the `Dummy` synapse of the SDK's subnet template. */
export type DummyFields = {
  /** The integer the validator sends. */
  readonly dummy_input: number;
  /** The miner's output, `dummy_input * 2`, or null until the miner sets it. */
  readonly dummy_output: number | null;
};

/**
 * The subnet template's example synapse (`class Dummy(bt.Synapse)` with
 * `dummy_input: int` and `dummy_output: Optional[int] = None`). It has no
 * `required_hash_fields`, so its body hash is SHA3-256 of the empty string.
 *
 * NOTE: Python ints have no size limit, but JSON.parse reads numbers as float64, so
 * integers beyond 2^53 are rejected here instead of being rounded. Numeric strings
 * such as "5", which pydantic's lax mode turns into ints, are rejected too.
 */
export const DUMMY_SYNAPSE: SynapseDefinition<DummyFields> = {
  name: 'Dummy',
  requiredFields: [['dummy_input', '0']],
  hashFields: [],
  parseFields(body) {
    const output = body['dummy_output'];
    return {
      dummy_input: parseInteger('dummy_input', body['dummy_input']),
      dummy_output:
        output === null || output === undefined ? null : parseInteger('dummy_output', output),
    };
  },
};

/** Computes the template miner's output for a Dummy request: the input doubled. */
export function answerDummy(fields: DummyFields): DummyFields {
  return { ...fields, dummy_output: fields.dummy_input * 2 };
}

// pydantic (lax mode) takes an int, or a float with no fractional part, for an int field.
function parseInteger(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw new ProtocolError(
      'BODY_INVALID',
      `field ${field} is ${JSON.stringify(value) ?? String(value)}: send an integer within ±(2^53 - 1)`,
    );
  }
  return value;
}
