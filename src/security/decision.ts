/** Outcome of a permission or policy check; a denial names what is missing. */
export type Decision = { allowed: true } | { allowed: false; reason: string };

export const ALLOW: Decision = Object.freeze({ allowed: true });

export function deny(reason: string): Decision {
  return { allowed: false, reason };
}

/** Prefix of every token secret; such a value is never echoed, even where a name was expected. */
export const TOKEN_SECRET_PREFIX = 'mst_';

/** Shows a request-supplied name in a reason, quoted and cut short unless it is plain. */
export function displayName(name: string): string {
  if (name.startsWith(TOKEN_SECRET_PREFIX)) {
    return '(a value shaped like a token secret, not shown)';
  }
  if (/^[\w.:-]{1,64}$/.test(name)) {
    return name;
  }
  return JSON.stringify(name.length > 64 ? `${name.slice(0, 64)}...` : name);
}
