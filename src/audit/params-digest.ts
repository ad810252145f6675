import { createHash } from 'node:crypto';

/** JSON with object keys sorted, so equal parameters always give equal bytes. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => {
    if (typeof item === 'bigint') {
      return item.toString();
    }
    if (item && typeof item === 'object' && !Array.isArray(item)) {
      return Object.fromEntries(
        Object.entries(item as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)),
      );
    }
    return item;
  });
}

/** SHA-256 hex of the canonical JSON of an operation's parameters. */
export function paramsDigest(params: unknown): string {
  return createHash('sha256').update(canonicalJson(params)).digest('hex');
}
