import { TimelockError } from './errors.js';

// The crate serializes with ark-serialize 0.4, which writes a Vec<u8> as its
// length (u64, little-endian) followed by the bytes.

/** Encodes bytes as an arkworks Vec<u8>: u64 little-endian length, then the bytes. */
export function encodeVec(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(8 + bytes.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(bytes.length), true);
  out.set(bytes, 8);
  return out;
}

/** Reads fixed-size fields and arkworks Vec<u8> values from a byte array, front to back. */
export class ArkReader {
  private offset = 0;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly what: string,
  ) {}

  /** Reads `length` raw bytes. */
  take(length: number, field: string): Uint8Array {
    const end = this.offset + length;
    if (end > this.bytes.length) {
      throw this.error(
        `${field} needs ${length} bytes at offset ${this.offset}, but only ${this.remaining()} remain`,
      );
    }
    const out = this.bytes.slice(this.offset, end);
    this.offset = end;
    return out;
  }

  /** Reads a u64 little-endian length and that many bytes. */
  vec(field: string): Uint8Array {
    const lengthBytes = this.take(8, `length of ${field}`);
    const length = new DataView(lengthBytes.buffer).getBigUint64(0, true);
    if (length > BigInt(this.remaining())) {
      throw this.error(
        `${field} declares ${length} bytes at offset ${this.offset}, but only ${this.remaining()} remain`,
      );
    }
    return this.take(Number(length), field);
  }

  /** Throws unless every byte has been read. */
  finish(): void {
    if (this.remaining() !== 0) {
      throw this.error(`${this.remaining()} unexpected bytes follow offset ${this.offset}`);
    }
  }

  private remaining(): number {
    return this.bytes.length - this.offset;
  }

  private error(detail: string): TimelockError {
    return new TimelockError('TIMELOCK_INVALID_CIPHERTEXT', `Invalid ${this.what}: ${detail}.`);
  }
}
