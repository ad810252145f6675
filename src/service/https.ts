import { readFileSync } from 'node:fs';
import type { SecureServerOptions } from 'node:http2';
import { ConfigError } from '../config/options.js';
import type { TlsFiles } from './config.js';

/** Options of Node's HTTPS server, subset passed to fastify. */
export type HttpsOptions = Pick<
  SecureServerOptions,
  'cert' | 'key' | 'ca' | 'requestCert' | 'rejectUnauthorized' | 'minVersion'
>;

function readPem(file: string, flag: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new ConfigError(`cannot read ${flag} ${file} (${code}); point it at a readable PEM file`);
  }
}

/**
 * HTTPS settings from PEM files. With a client CA, the server requests a
 * certificate from every client but does not require one: a verified
 * certificate authenticates its subject's token, and clients without one
 * still use bearer tokens.
 */
export function httpsOptions(files: TlsFiles): HttpsOptions {
  const options: HttpsOptions = {
    cert: readPem(files.cert, '--tls.cert'),
    key: readPem(files.key, '--tls.key'),
    minVersion: 'TLSv1.2',
  };
  if (files.clientCa) {
    options.ca = readPem(files.clientCa, '--tls.client_ca');
    options.requestCert = true;
    options.rejectUnauthorized = false;
  }
  return options;
}
