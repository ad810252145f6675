import { ProtocolError } from '../../src/protocol/errors.js';
import type { SynapseDefinition } from '../../src/protocol/synapse.js';

type EchoFields = { readonly text: string; readonly count: number };

/**
 * A synapse with `required_hash_fields = ("text", "count")`, so its body hash depends
 * on the body: the Dummy synapse hashes no field.
 */
export const ECHO_SYNAPSE: SynapseDefinition<EchoFields> = {
  name: 'Echo',
  requiredFields: [['text', '""']],
  hashFields: ['text', 'count'],
  parseFields(body) {
    const { text, count } = body;
    if (typeof text !== 'string' || typeof count !== 'number' || !Number.isInteger(count)) {
      throw new ProtocolError('BODY_INVALID', 'Echo needs a string text and an integer count');
    }
    return { text, count };
  },
};
