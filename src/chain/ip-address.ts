import { isIPv4, isIPv6 } from 'node:net';

/** An IP address in the form Subtensor stores in `AxonInfo`: a u128 and its version. */
export interface ChainIp {
  value: bigint;
  ipType: 4 | 6;
}

/** Text that is not an IPv4 or IPv6 address; the message names it. */
export class InvalidIpError extends Error {
  readonly code = 'INVALID_REQUEST';
  constructor(text: string) {
    super(
      `ip ${JSON.stringify(text.slice(0, 64))} is not an IPv4 or IPv6 address; send e.g. 203.0.113.7 or 2001:db8::1`,
    );
    this.name = 'InvalidIpError';
  }
}

function ipv4ToBigInt(text: string): bigint {
  return text.split('.').reduce((value, octet) => (value << 8n) | BigInt(Number(octet)), 0n);
}

/** Expands `::` and an embedded IPv4 tail into eight 16-bit groups. */
function ipv6Groups(text: string): number[] {
  let address = text;
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (tail?.[1]) {
    const v4 = ipv4ToBigInt(tail[1]);
    address = `${address.slice(0, -tail[1].length)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const [head = '', rest] = address.split('::');
  const headGroups = head ? head.split(':') : [];
  const restGroups = rest ? rest.split(':') : [];
  const missing = 8 - headGroups.length - restGroups.length;
  const groups = [
    ...headGroups,
    ...Array<string>(rest === undefined ? 0 : missing).fill('0'),
    ...restGroups,
  ];
  return groups.map((group) => parseInt(group, 16));
}

/**
 * Encodes an address as the chain expects: IPv4 as its 32-bit big-endian
 * value, IPv6 as its 128-bit value, the same integers the Python SDK sends.
 */
export function encodeIp(text: string): ChainIp {
  if (isIPv4(text)) {
    return { value: ipv4ToBigInt(text), ipType: 4 };
  }
  if (isIPv6(text) && !text.includes('%')) {
    const value = ipv6Groups(text).reduce((sum, group) => (sum << 16n) | BigInt(group), 0n);
    return { value, ipType: 6 };
  }
  throw new InvalidIpError(text);
}

/** Formats a stored u128 back to text; IPv6 in the compressed form Node prints. */
export function decodeIp(value: bigint, ipType: number): string {
  if (ipType === 4) {
    return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 0xffn)).join('.');
  }
  const groups: string[] = [];
  for (let shift = 112n; shift >= 0n; shift -= 16n) {
    groups.push(((value >> shift) & 0xffffn).toString(16));
  }
  return compressIpv6(groups);
}

function compressIpv6(groups: string[]): string {
  let bestStart = -1;
  let bestLength = 0;
  for (let start = 0; start < groups.length;) {
    let end = start;
    while (end < groups.length && groups[end] === '0') {
      end += 1;
    }
    if (end - start > bestLength && end - start > 1) {
      bestStart = start;
      bestLength = end - start;
    }
    start = end === start ? start + 1 : end;
  }
  if (bestStart < 0) {
    return groups.join(':');
  }
  const head = groups.slice(0, bestStart).join(':');
  const tail = groups.slice(bestStart + bestLength).join(':');
  return `${head}::${tail}`;
}
