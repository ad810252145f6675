export type ProtocolErrorCode = 'HEADER_INVALID' | 'BODY_INVALID' | 'REQUEST_INVALID';

/** A synapse header, body or request argument that cannot be encoded or parsed. */
export class ProtocolError extends Error {
  override readonly name = 'ProtocolError';

  constructor(
    readonly code: ProtocolErrorCode,
    message: string,
  ) {
    super(message);
  }
}
