import type { TLSSocket } from 'node:tls';
import type { FastifyRequest } from 'fastify';

/**
 * Subject common name of the client certificate of a mutual-TLS request,
 * when the TLS layer verified it against the configured client CA;
 * undefined for plain HTTP or an unverified certificate.
 */
export function verifiedClientCommonName(request: FastifyRequest): string | undefined {
  const socket = request.raw.socket as Partial<TLSSocket>;
  if (typeof socket.getPeerCertificate !== 'function' || socket.authorized !== true) {
    return undefined;
  }
  const certificate = socket.getPeerCertificate();
  const commonName = certificate?.subject?.CN;
  return typeof commonName === 'string' && commonName.length > 0 ? commonName : undefined;
}
