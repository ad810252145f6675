import { networkInterfaces } from 'node:os';

/** Addresses of this machine's network interfaces, loopback included. */
export function localAddresses(): Set<string> {
  const addresses = new Set<string>(['127.0.0.1', '::1', '0.0.0.0']);
  for (const entries of Object.values(networkInterfaces())) {
    for (const entry of entries ?? []) {
      addresses.add(entry.address);
    }
  }
  return addresses;
}

/**
 * Picks the first non-internal IPv4 address of this machine. The Python SDK
 * queries public web services for the external address instead, so a node behind
 * NAT must set `--axon.external_ip`.
 */
export function defaultExternalIp(): string | undefined {
  for (const entries of Object.values(networkInterfaces())) {
    for (const entry of entries ?? []) {
      if (entry.family === 'IPv4' && !entry.internal) {
        return entry.address;
      }
    }
  }
  return undefined;
}
