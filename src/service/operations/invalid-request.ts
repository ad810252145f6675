/** A request that passed the schema but breaks a rule the schema cannot state. */
export class InvalidRequestError extends Error {
  readonly code = 'INVALID_REQUEST';
  constructor(message: string) {
    super(message);
    this.name = 'InvalidRequestError';
  }
}
