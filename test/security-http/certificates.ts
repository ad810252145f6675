import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** PEM files of one key pair and its certificate. */
export interface CertificateFiles {
  key: string;
  cert: string;
}

/** PEM contents, as node:https options take them. */
export interface PemPair {
  key: Buffer;
  cert: Buffer;
}

/** Runs the openssl CLI; arguments are split on spaces, so paths must not contain any. */
function openssl(command: string): void {
  execFileSync('/usr/bin/openssl', command.split(' '), {
    stdio: ['ignore', 'ignore', 'pipe'],
    timeout: 30_000,
  });
}

function newKey(dir: string, name: string): string {
  const key = path.join(dir, `${name}.key`);
  openssl(`genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out ${key}`);
  return key;
}

/** Creates a self-signed CA, valid for one day, in `dir`. */
export function createCa(dir: string, name: string): CertificateFiles {
  const key = newKey(dir, name);
  const cert = path.join(dir, `${name}.crt`);
  openssl(
    `req -x509 -new -key ${key} -out ${cert} -days 1 -subj /CN=${name} ` +
      '-addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign',
  );
  return { key, cert };
}

/**
 * Creates a key and a certificate for subject CN `commonName`, signed by
 * `ca`, with the given X.509 v3 extension lines.
 */
function issueCertificate(
  dir: string,
  name: string,
  ca: CertificateFiles,
  commonName: string,
  extensions: string[],
): CertificateFiles {
  const key = newKey(dir, name);
  const request = path.join(dir, `${name}.csr`);
  const cert = path.join(dir, `${name}.crt`);
  const extensionFile = path.join(dir, `${name}.ext`);
  writeFileSync(extensionFile, `${extensions.join('\n')}\n`);
  openssl(`req -new -key ${key} -out ${request} -subj /CN=${commonName}`);
  openssl(
    `x509 -req -in ${request} -CA ${ca.cert} -CAkey ${ca.key} -set_serial ${Date.now()} ` +
      `-days 1 -out ${cert} -extfile ${extensionFile}`,
  );
  return { key, cert };
}

/** Issues a server certificate for 127.0.0.1, signed by `ca`. */
export function issueServerCertificate(dir: string, ca: CertificateFiles): CertificateFiles {
  return issueCertificate(dir, 'server', ca, '127.0.0.1', [
    'subjectAltName=IP:127.0.0.1',
    'extendedKeyUsage=serverAuth',
    'keyUsage=critical,digitalSignature',
  ]);
}

/** Issues a client certificate, signed by `ca`, whose subject CN names a token id. */
export function issueClientCertificate(
  dir: string,
  name: string,
  ca: CertificateFiles,
  tokenId: string,
): CertificateFiles {
  return issueCertificate(dir, name, ca, tokenId, [
    'extendedKeyUsage=clientAuth',
    'keyUsage=critical,digitalSignature',
  ]);
}

export function readPair(files: CertificateFiles): PemPair {
  return { key: readFileSync(files.key), cert: readFileSync(files.cert) };
}
