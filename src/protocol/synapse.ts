import { computeBodyHash } from './body-hash.js';
import {
  AXON_HEADER_PREFIX,
  DENDRITE_HEADER_PREFIX,
  INPUT_OBJ_HEADER_PREFIX,
  SYNAPSE_HEADER,
} from './header-names.js';
import { pythonJson } from './python-json.js';
import { pyFloat, pythonFloatRepr, type PyValue } from './python-str.js';
import { terminalInfoHeaders, terminalInfoJson, type TerminalInfo } from './terminal-info.js';

/** The fields a synapse class adds to the SDK's `Synapse`, as Python stores them. */
export type SynapseFields = { readonly [field: string]: PyValue };

/** A synapse type of the Python SDK: a `bt.Synapse` subclass described for the wire. */
export interface SynapseDefinition<Fields extends SynapseFields = SynapseFields> {
  /** The Python class name: the URL path segment and the `name` header. */
  readonly name: string;
  /**
   * Each field without a default in the Python class, in class order, with
   * `json.dumps` of its type's empty value (`int()` gives `0`, `str()` gives `""`).
   * The dendrite sends these as base64 `bt_header_input_obj_<field>` headers.
   */
  readonly requiredFields: readonly (readonly [field: string, emptyJson: string])[];
  /** The class's `required_hash_fields`, in that order; empty for most synapses. */
  readonly hashFields: readonly (keyof Fields & string)[];
  /**
   * Validates the class's own fields in a parsed JSON body as its pydantic model would,
   * and returns them as Python stores them. Throws ProtocolError BODY_INVALID.
   */
  parseFields(body: Readonly<Record<string, unknown>>): Fields;
}

/** Computes the body hash of a synapse from its hash fields. */
export function synapseBodyHash<Fields extends SynapseFields>(
  synapse: SynapseDefinition<Fields>,
  fields: Fields,
): string {
  return computeBodyHash(synapse.hashFields.map((field) => fields[field]!));
}

/** Fields of a request or response besides the synapse's own fields. */
export interface SynapseEnvelope {
  timeoutSeconds: number;
  dendrite: TerminalInfo;
  axon: TerminalInfo;
}

/** Headers and JSON body of a synapse, as a dendrite sends it or an axon returns it. */
export interface EncodedSynapse {
  headers: Record<string, string>;
  body: string;
}

/**
 * Encodes a synapse as the SDK puts it on the wire. Headers follow `Synapse.to_headers`
 * in its order: `name`, `timeout`, axon and dendrite terminal info, input objects,
 * `header_size`, `total_size`, `computed_body_hash`. The body is `json.dumps` of
 * `model_dump()`: the SDK's own fields first, then the class's fields, with
 * `computed_body_hash` left "" because only the header carries it.
 *
 * NOTE: the SDK fills `header_size` and `total_size` with Python's in-memory object
 * sizes. No receiver checks them, so this sends the UTF-8 sizes of headers and body.
 */
export function encodeSynapse<Fields extends SynapseFields>(
  synapse: SynapseDefinition<Fields>,
  fields: Fields,
  envelope: SynapseEnvelope,
): EncodedSynapse {
  const totalSize = byteLength(pythonJson(synapseBodyValue(synapse, fields, envelope, 0)));
  const body = pythonJson(synapseBodyValue(synapse, fields, envelope, totalSize));

  const entries: [string, string][] = [
    [SYNAPSE_HEADER.name, synapse.name],
    [SYNAPSE_HEADER.timeout, pythonFloatRepr(envelope.timeoutSeconds)],
    ...terminalInfoHeaders(AXON_HEADER_PREFIX, envelope.axon),
    ...terminalInfoHeaders(DENDRITE_HEADER_PREFIX, envelope.dendrite),
    ...inputObjectHeaders(synapse, fields),
  ];
  const headerSize = entries.reduce((size, [name, value]) => size + byteLength(name + value), 0);
  entries.push(
    [SYNAPSE_HEADER.headerSize, String(headerSize)],
    [SYNAPSE_HEADER.totalSize, String(totalSize)],
    [SYNAPSE_HEADER.computedBodyHash, synapseBodyHash(synapse, fields)],
  );
  return { headers: Object.fromEntries(entries), body };
}

function synapseBodyValue(
  synapse: Pick<SynapseDefinition, 'name'>,
  fields: SynapseFields,
  envelope: SynapseEnvelope,
  totalSize: number,
): { [field: string]: PyValue } {
  return {
    name: synapse.name,
    timeout: pyFloat(envelope.timeoutSeconds),
    total_size: totalSize,
    header_size: 0,
    dendrite: terminalInfoJson(envelope.dendrite),
    axon: terminalInfoJson(envelope.axon),
    computed_body_hash: '',
    ...fields,
  };
}

function inputObjectHeaders(
  synapse: Pick<SynapseDefinition, 'requiredFields'>,
  fields: SynapseFields,
): [string, string][] {
  return synapse.requiredFields
    .filter(([field]) => fields[field] !== null && fields[field] !== undefined)
    .map(([field, emptyJson]) => [
      INPUT_OBJ_HEADER_PREFIX + field,
      Buffer.from(emptyJson, 'utf8').toString('base64'),
    ]);
}

function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}
