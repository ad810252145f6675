import { randomBytes } from 'node:crypto';

/** 100-nanosecond intervals from the Gregorian epoch (1582-10-15) to the Unix epoch. */
const GREGORIAN_OFFSET = 0x01b21dd213814000n;

/**
 * Creates a time-based UUID (version 1), the form the SDK's dendrite uses for its
 * `uuid` (`uuid.uuid1()`). The SDK puts the host's MAC address in the node id. This
 * one is random with the multicast bit set, so it cannot equal a network card's address.
 */
export function createUuidV1(
  nowMs: number = Date.now(),
  random: Uint8Array = randomBytes(8),
): string {
  if (random.length < 8) {
    throw new RangeError(`createUuidV1 needs 8 random bytes, got ${random.length}`);
  }
  const timestamp = BigInt(nowMs) * 10_000n + GREGORIAN_OFFSET;
  const timeLow = timestamp & 0xffff_ffffn;
  const timeMid = (timestamp >> 32n) & 0xffffn;
  const timeHigh = ((timestamp >> 48n) & 0x0fffn) | 0x1000n;
  const clockSeq = (((random[0]! << 8) | random[1]!) & 0x3fff) | 0x8000;
  const node = Uint8Array.from(random.subarray(2, 8));
  node[0] = node[0]! | 0x01;

  return [
    hex(timeLow, 8),
    hex(timeMid, 4),
    hex(timeHigh, 4),
    clockSeq.toString(16).padStart(4, '0'),
    Buffer.from(node).toString('hex'),
  ].join('-');
}

function hex(value: bigint, width: number): string {
  return value.toString(16).padStart(width, '0');
}
