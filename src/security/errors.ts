/** A token file that cannot be read or fails validation; the message names the token and field. */
export class TokenFileError extends Error {
  readonly code = 'INVALID_TOKEN_FILE';

  constructor(message: string) {
    super(message);
    this.name = 'TokenFileError';
  }
}
