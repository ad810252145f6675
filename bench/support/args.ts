/**
 * Reads `--name value` and `--name=value` flags. A flag that is not in
 * `defaults` is an error, so a misspelled flag cannot pass unnoticed.
 */
export function parseArgs<T extends Record<string, string | number>>(
  defaults: T,
  argv: readonly string[] = process.argv.slice(2),
): T {
  const values: Record<string, string | number> = { ...defaults };
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index]!;
    const match = /^--([a-z][a-z0-9-]*)(?:=(.*))?$/.exec(arg);
    if (!match || !(match[1]! in defaults)) {
      const known = Object.keys(defaults)
        .map((name) => `--${name}`)
        .join(', ');
      throw new Error(`unknown argument ${arg}; known flags: ${known}`);
    }
    const name = match[1]!;
    const raw = match[2] ?? argv[++index];
    if (raw === undefined) {
      throw new Error(`flag --${name} needs a value`);
    }
    if (typeof defaults[name] === 'number') {
      const parsed = Number(raw);
      if (!Number.isFinite(parsed)) {
        throw new Error(`flag --${name} needs a number, got ${raw}`);
      }
      values[name] = parsed;
    } else {
      values[name] = raw;
    }
  }
  return values as T;
}
