/** Who made a request, as far as the API is concerned. It never contains the secret. */
export interface Identity {
  /** Stable, non-secret name of the credential, written to the audit log. */
  id: string;
}

/** Checks an `Authorization` header value and names the credential behind it. */
export interface Authenticator {
  authenticate(authorization: string | undefined): Identity | undefined;
  /** Identity of a token by id, for a verified client certificate naming it; optional. */
  identityById?(id: string): Identity | undefined;
}
