import { ProtocolError } from './errors.js';
import { SYNAPSE_HEADER } from './header-names.js';

/** Request headers as Node.js and fastify hand them over, or any plain record. */
export type IncomingHeaders = Readonly<Record<string, string | readonly string[] | undefined>>;

const SYNAPSE_HEADER_NAMES = new Set<string>(Object.values(SYNAPSE_HEADER));

/**
 * Lower-cases header names, as HTTP names are case-insensitive. Throws ProtocolError
 * HEADER_INVALID when a synapse header arrives more than once, because the SDK reads
 * one value per name and a second copy would make the request ambiguous. Other
 * repeated headers are left out.
 */
export function normalizeHeaders(headers: IncomingHeaders): Map<string, string> {
  const normalized = new Map<string, string>();
  for (const [name, value] of Object.entries(headers)) {
    const key = name.toLowerCase();
    if (typeof value === 'string') {
      normalized.set(key, value);
    } else if (value?.length === 1) {
      normalized.set(key, value[0]!);
    } else if (value !== undefined && isSynapseHeader(key)) {
      throw new ProtocolError(
        'HEADER_INVALID',
        `header ${key} appears ${value.length} times: send it once`,
      );
    }
  }
  return normalized;
}

function isSynapseHeader(name: string): boolean {
  return name.startsWith('bt_header_') || SYNAPSE_HEADER_NAMES.has(name);
}
