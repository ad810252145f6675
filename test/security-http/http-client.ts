import http from 'node:http';
import https from 'node:https';
import { connect } from 'node:net';

/** One response of the service, with the body as text and, when it is JSON, parsed. */
export interface ServiceResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- responses are untyped JSON that tests index freely
  json: Record<string, any> | undefined;
}

export interface HttpRequestOptions {
  method?: string;
  /** Bearer secret sent as `Authorization: Bearer <token>`. */
  token?: string;
  /** Serialized as JSON, with `content-type: application/json` unless a header sets it. */
  body?: unknown;
  /** Sent as is; wins over `body`. */
  rawBody?: string | Buffer;
  headers?: Record<string, string>;
  /** TLS settings for https URLs: trusted CA and an optional client certificate. */
  tls?: { ca?: Buffer; cert?: Buffer; key?: Buffer };
}

function parseJson(text: string): ServiceResponse['json'] {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null
      ? (value as ServiceResponse['json'])
      : undefined;
  } catch {
    return undefined;
  }
}

function requestBody(options: HttpRequestOptions, headers: Record<string, string>) {
  if (options.rawBody !== undefined) {
    return options.rawBody;
  }
  if (options.body === undefined) {
    return undefined;
  }
  headers['content-type'] ??= 'application/json';
  return JSON.stringify(options.body);
}

/**
 * Sends one request with node:http or node:https (never a shared agent, so
 * each request brings its own client certificate) and reads the whole response.
 */
export function httpRequest(
  baseUrl: string,
  route: string,
  options: HttpRequestOptions = {},
): Promise<ServiceResponse> {
  const url = new URL(route, baseUrl);
  const headers: Record<string, string> = { ...options.headers };
  if (options.token !== undefined) {
    headers.authorization = `Bearer ${options.token}`;
  }
  const body = requestBody(options, headers);
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = transport.request(
      url,
      { method: options.method ?? 'GET', headers, agent: false, ...options.tls },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            text,
            json: parseJson(text),
          });
        });
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

/** Status code and full text of a raw HTTP response. */
export interface RawResponse {
  status: number;
  text: string;
}

/** True once `data` contains a whole response with a Content-Length header. */
function isCompleteResponse(data: Buffer): boolean {
  const headerEnd = data.indexOf('\r\n\r\n');
  if (headerEnd < 0) {
    return false;
  }
  const head = data.subarray(0, headerEnd).toString('latin1');
  const length = /\r\ncontent-length: *(\d+)/i.exec(head);
  return length !== null && data.length >= headerEnd + 4 + Number(length[1]);
}

/**
 * Writes `bytes` to a fresh TCP connection and collects the first response:
 * until it is complete, the server closes, or `idleMs` pass without data.
 * Used for requests that fetch and node:http do not send.
 */
export function rawRequest(
  port: number,
  bytes: Buffer | string,
  idleMs = 2_000,
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    let data = Buffer.alloc(0);
    let done = false;
    const finish = () => {
      if (done) {
        return;
      }
      done = true;
      socket.destroy();
      const text = data.toString('latin1');
      const match = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      resolve({ status: match ? Number(match[1]) : 0, text });
    };
    socket.setTimeout(idleMs, finish);
    socket.on('data', (chunk: Buffer) => {
      data = Buffer.concat([data, chunk]);
      if (isCompleteResponse(data)) {
        finish();
      }
    });
    socket.on('close', finish);
    socket.on('error', (error: NodeJS.ErrnoException) => {
      // The server may reset the connection right after responding to a bad request.
      if (data.length > 0 || error.code === 'ECONNRESET' || error.code === 'EPIPE') {
        finish();
      } else {
        done = true;
        reject(error);
      }
    });
    socket.write(bytes);
  });
}
