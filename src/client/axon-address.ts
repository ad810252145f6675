import { isIPv4, isIPv6 } from 'node:net';

/** An IP address as `serve_axon` takes it: a u128 value and the IP version. */
export interface AxonIp {
  /** IPv4 as its 32-bit big-endian value, IPv6 as its 128-bit value. */
  value: bigint;
  ipType: 4 | 6;
}

/** Encodes IPv4 or IPv6 text for `serve_axon`; throws RangeError naming the value otherwise. */
export function encodeAxonIp(text: string): AxonIp {
  if (isIPv4(text)) {
    return { value: groupsToBigInt(text.split('.').map(Number), 8n), ipType: 4 };
  }
  if (isIPv6(text) && !text.includes('%')) {
    return { value: groupsToBigInt(ipv6Groups(text), 16n), ipType: 6 };
  }
  throw new RangeError(
    `invalid axon IP ${JSON.stringify(text)}; use an IPv4 address such as 203.0.113.5 or an IPv6 address without a zone`,
  );
}

function groupsToBigInt(groups: number[], bitsPerGroup: bigint): bigint {
  return groups.reduce((value, group) => (value << bitsPerGroup) | BigInt(group), 0n);
}

/** Expands IPv6 text that `isIPv6` accepted into its eight 16-bit groups. */
function ipv6Groups(text: string): number[] {
  const [head = '', tail] = text.split('::');
  const headGroups = parseGroups(head);
  const tailGroups = tail === undefined ? [] : parseGroups(tail);
  const zeros = 8 - headGroups.length - tailGroups.length;
  return [...headGroups, ...new Array<number>(zeros).fill(0), ...tailGroups];
}

/** Parses colon-separated hex groups; a trailing dotted IPv4 part becomes two groups. */
function parseGroups(part: string): number[] {
  if (part === '') {
    return [];
  }
  const groups: number[] = [];
  for (const group of part.split(':')) {
    if (group.includes('.')) {
      const [a = 0, b = 0, c = 0, d = 0] = group.split('.').map(Number);
      groups.push((a << 8) | b, (c << 8) | d);
    } else {
      groups.push(parseInt(group, 16));
    }
  }
  return groups;
}
