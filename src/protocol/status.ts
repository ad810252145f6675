import { pythonRepr } from './python-str.js';

/**
 * Status codes the SDK's axon returns (bittensor 10.2.0 `log_and_handle_error`), each
 * with the message text of its error body `{"message": ...}`.
 */
export const AXON_STATUS = {
  BAD_REQUEST: {
    status: 400,
    description: 'headers or body that do not parse, or a body that does not match its hash',
    message: (detail: string) => `Improperly formatted request. ${detail}`,
  },
  NOT_VERIFIED: {
    status: 401,
    description: 'missing or invalid signature, nonce or hotkey',
    message: (detail: string) => `Not Verified with error: ${detail}`,
  },
  BLACKLISTED: {
    status: 403,
    description: 'the blacklist function rejected the dendrite',
    message: (detail: string) => `Forbidden. Key is blacklisted: ${detail}.`,
  },
  UNKNOWN_SYNAPSE: {
    status: 404,
    description: 'no synapse of that name is attached to the axon',
    message: (detail: string) => `Synapse name '${detail}' not found.`,
  },
  TIMEOUT: {
    status: 408,
    description: 'the request did not finish within its timeout',
    message: (detail: string) => `Response timeout after: ${detail}s`,
  },
  INTERNAL_ERROR: {
    status: 500,
    description: 'any other failure of the axon',
    message: (detail: string) => `Internal Server Error #${detail}`,
  },
  PRIORITY_REJECTED: {
    status: 503,
    description: 'the priority queue rejected the request',
    message: (detail: string) => `Priority rejected: ${detail}`,
  },
} as const;

export type AxonErrorCode = keyof typeof AXON_STATUS;

/** Rejection of a request: the error status and the text of `{"message": ...}`. */
export interface AxonRejection {
  ok: false;
  code: AxonErrorCode;
  status: number;
  message: string;
}

export function axonRejection(code: AxonErrorCode, detail: string): AxonRejection {
  const entry = AXON_STATUS[code];
  return { ok: false, code, status: entry.status, message: entry.message(detail) };
}

/** Returns the 404 rejection for a synapse name, listing the attached names as the SDK does. */
export function unknownSynapseRejection(name: string, attached: readonly string[]): AxonRejection {
  const rejection = axonRejection('UNKNOWN_SYNAPSE', name);
  return {
    ...rejection,
    message: `${rejection.message} Available synapses ${pythonRepr(attached)}`,
  };
}
