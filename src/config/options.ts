import { parseArgs } from 'node:util';

/** Value kinds an option can take; each has its own parser below. */
export type OptionKind = 'string' | 'integer' | 'boolean' | 'url' | 'port';

/**
 * Declaration of one setting: its command-line flag, the environment
 * variables that may set it (first match wins), its default and help text.
 * Flags take precedence over environment variables, which take precedence
 * over the default.
 */
export interface OptionSpec {
  flag: string;
  env?: readonly string[];
  kind: OptionKind;
  default?: string | number | boolean;
  description: string;
  /** Older names that still work but log a deprecation warning. */
  deprecated?: { flags?: readonly string[]; env?: readonly string[] };
}

export type OptionValues = Readonly<Record<string, string | number | boolean | undefined>>;

/** A setting with a value that cannot be parsed; the message names the value and the fix. */
export class ConfigError extends Error {
  readonly code = 'INVALID_CONFIG';
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export interface ResolvedOptions {
  values: OptionValues;
  /** Which source set each option: `flag`, `env:<NAME>` or `default`. */
  sources: Readonly<Record<string, string>>;
  /** Deprecation notices to log once at start-up. */
  deprecations: readonly string[];
  /** Arguments that are not flags. */
  positionals: readonly string[];
}

function parseValue(
  spec: OptionSpec,
  raw: string | boolean,
  origin: string,
): string | number | boolean {
  if (spec.kind === 'boolean') {
    return parseBoolean(spec, raw, origin);
  }
  const text = String(raw);
  if (spec.kind === 'integer' || spec.kind === 'port') {
    return parseInteger(spec, text, origin);
  }
  if (spec.kind === 'url') {
    return parseUrl(spec, text, origin);
  }
  return text;
}

function parseBoolean(spec: OptionSpec, raw: string | boolean, origin: string): boolean {
  if (typeof raw === 'boolean') {
    return raw;
  }
  const text = raw.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(text)) {
    return true;
  }
  if (['0', 'false', 'no', 'off', ''].includes(text)) {
    return false;
  }
  throw new ConfigError(
    `${origin}: invalid boolean ${JSON.stringify(raw)} for --${spec.flag}; use true or false`,
  );
}

function parseInteger(spec: OptionSpec, text: string, origin: string): number {
  const trimmed = text.trim();
  const value = Number(trimmed);
  const valid = /^-?\d+$/.test(trimmed) && Number.isSafeInteger(value);
  if (!valid) {
    throw new ConfigError(
      `${origin}: invalid integer ${JSON.stringify(text)} for --${spec.flag}; use a whole number`,
    );
  }
  if (spec.kind === 'port' && (value < 0 || value > 65535)) {
    throw new ConfigError(
      `${origin}: port ${value} for --${spec.flag} is out of range; use 0 to 65535`,
    );
  }
  return value;
}

function parseUrl(spec: OptionSpec, text: string, origin: string): string {
  try {
    return new URL(text).toString().replace(/\/$/, '');
  } catch {
    throw new ConfigError(
      `${origin}: invalid URL ${JSON.stringify(text)} for --${spec.flag}; use a full URL such as http://127.0.0.1:8000`,
    );
  }
}

function parseFlags(specs: readonly OptionSpec[], argv: readonly string[]) {
  const options: Record<string, { type: 'string' | 'boolean' }> = { help: { type: 'boolean' } };
  for (const spec of specs) {
    const type = spec.kind === 'boolean' ? 'boolean' : 'string';
    options[spec.flag] = { type };
    for (const old of spec.deprecated?.flags ?? []) {
      options[old] = { type };
    }
  }
  try {
    return parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError(`${reason}; run with --help to list the options`);
  }
}

interface RawSetting {
  raw: string | boolean;
  source: string;
  deprecation?: string;
}

function findSetting(
  spec: OptionSpec,
  flags: Record<string, string | boolean | undefined>,
  env: NodeJS.ProcessEnv,
): RawSetting | undefined {
  const flagValue = flags[spec.flag];
  if (flagValue !== undefined) {
    return { raw: flagValue, source: 'flag' };
  }
  for (const old of spec.deprecated?.flags ?? []) {
    const value = flags[old];
    if (value !== undefined) {
      const deprecation = `--${old} is deprecated; use --${spec.flag}`;
      return { raw: value, source: `flag:${old}`, deprecation };
    }
  }
  for (const name of spec.env ?? []) {
    const value = env[name];
    if (value !== undefined && value !== '') {
      return { raw: value, source: `env:${name}` };
    }
  }
  for (const name of spec.deprecated?.env ?? []) {
    const value = env[name];
    if (value !== undefined && value !== '') {
      const replacement = spec.env?.[0] ?? `--${spec.flag}`;
      const deprecation = `${name} is deprecated; use ${replacement}`;
      return { raw: value, source: `env:${name}`, deprecation };
    }
  }
  return undefined;
}

/**
 * Resolves every declared option from the command line and the environment.
 * Throws ConfigError naming the bad value; the result is frozen.
 */
export function resolveOptions(
  specs: readonly OptionSpec[],
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): ResolvedOptions & { help: boolean } {
  const parsed = parseFlags(specs, argv);
  const flags = parsed.values as Record<string, string | boolean | undefined>;
  const values: Record<string, string | number | boolean | undefined> = {};
  const sources: Record<string, string> = {};
  const deprecations: string[] = [];

  for (const spec of specs) {
    const setting = findSetting(spec, flags, env);
    if (setting === undefined) {
      values[spec.flag] = spec.default;
      sources[spec.flag] = 'default';
      continue;
    }
    const origin = setting.source === 'flag' ? `--${spec.flag}` : setting.source;
    values[spec.flag] = parseValue(spec, setting.raw, origin);
    sources[spec.flag] = setting.source;
    if (setting.deprecation) {
      deprecations.push(setting.deprecation);
    }
  }

  return Object.freeze({
    values: Object.freeze(values),
    sources: Object.freeze(sources),
    deprecations: Object.freeze(deprecations),
    positionals: Object.freeze([...parsed.positionals]),
    help: flags.help === true,
  });
}

/** Formats `--help` output: one block per option with its variables and default. */
export function formatHelp(title: string, specs: readonly OptionSpec[]): string {
  const lines = [title, '', 'Options (flags override environment variables):'];
  for (const spec of specs) {
    const value = spec.kind === 'boolean' ? '' : ` <${spec.kind}>`;
    lines.push(`  --${spec.flag}${value}`);
    lines.push(`      ${spec.description}`);
    if (spec.env?.length) {
      lines.push(`      environment: ${spec.env.join(', ')}`);
    }
    if (spec.default !== undefined) {
      lines.push(`      default: ${String(spec.default)}`);
    }
  }
  lines.push('  --help', '      Prints this text and exits.');
  return lines.join('\n');
}

/** Throws ConfigError for arguments that are not options; the programs here take none. */
export function rejectPositionals(resolved: Pick<ResolvedOptions, 'positionals'>): void {
  const [first] = resolved.positionals;
  if (first !== undefined) {
    throw new ConfigError(
      `unexpected argument ${JSON.stringify(first)}; options start with -- (see --help)`,
    );
  }
}
