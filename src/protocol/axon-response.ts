import { DEFAULT_TIMEOUT_SECONDS } from './header-names.js';
import { pythonJson } from './python-json.js';
import type { AxonRejection } from './status.js';
import { encodeSynapse, type SynapseDefinition, type SynapseFields } from './synapse.js';
import type { VerifiedAxonRequest } from './verify-request.js';

/** An HTTP response for the axon server to send as is. */
export interface AxonResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface AxonResponseInput<Fields extends SynapseFields> {
  synapse: SynapseDefinition<Fields>;
  request: VerifiedAxonRequest<Fields>;
  /** The request's fields with the miner's output filled in. */
  fields: Fields;
  /** Seconds from receiving the request to sending the response. */
  processTimeSeconds: number;
}

/**
 * Builds a 200 response the SDK's dendrite accepts: the whole synapse as JSON with
 * `axon.status_code` 200 and `status_message` "Success" (without them the dendrite
 * counts the call as failed), and the same values in the synapse headers.
 */
export function buildAxonResponse<Fields extends SynapseFields>(
  input: AxonResponseInput<Fields>,
): AxonResponse {
  const { request } = input;
  const encoded = encodeSynapse(input.synapse, input.fields, {
    timeoutSeconds: request.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS,
    dendrite: request.dendrite,
    axon: {
      ...request.axon,
      statusCode: 200,
      statusMessage: 'Success',
      processTime: input.processTimeSeconds,
    },
  });
  return {
    status: 200,
    headers: { 'content-type': 'application/json', ...encoded.headers },
    body: encoded.body,
  };
}

/** Builds the error response of a rejection: its status and `{"message": ...}`. */
export function buildAxonErrorResponse(rejection: AxonRejection): AxonResponse {
  return {
    status: rejection.status,
    headers: { 'content-type': 'application/json' },
    body: pythonJson({ message: rejection.message }),
  };
}
