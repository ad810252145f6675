import { pino, type Logger, type LoggerOptions } from 'pino';

export type { Logger };

/**
 * Field names whose values are never written to a log line, wherever they
 * appear in a logged object. The redaction is a second line of defence: code
 * should not pass secrets to the logger at all.
 */
const SECRET_FIELDS = [
  'password',
  'passphrase',
  'token',
  'secret',
  'secretPhrase',
  'secretSeed',
  'privateKey',
  'mnemonic',
  'authorization',
  'seed',
];

function redactPaths(): string[] {
  const paths: string[] = [];
  for (const field of SECRET_FIELDS) {
    paths.push(field, `*.${field}`, `*.*.${field}`);
  }
  paths.push('req.headers.authorization', 'headers.authorization');
  return paths;
}

export interface LoggerSettings {
  name: string;
  level?: string;
  /** Destination stream; defaults to stdout. Tests pass a capture stream. */
  destination?: NodeJS.WritableStream;
}

/** Creates the pino logger used by every program of the project. */
export function createLogger(settings: LoggerSettings): Logger {
  const options: LoggerOptions = {
    name: settings.name,
    level: settings.level ?? process.env.LOG_LEVEL ?? 'info',
    redact: { paths: redactPaths(), censor: '[redacted]' },
  };
  if (settings.destination) {
    return pino(options, settings.destination);
  }
  return pino(options);
}
