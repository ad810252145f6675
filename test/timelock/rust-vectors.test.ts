import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';

import { parseCiphertext } from '../../src/timelock/ciphertext.js';
import { ibeDecrypt } from '../../src/timelock/ibe.js';
import { decodeG1, decodeG2 } from '../../src/timelock/points.js';
import { decrypt } from '../../src/timelock/tle.js';
import { catchTimelockError } from './catch-error.js';
import {
  BITTENSOR_DRAND_CIPHERTEXT,
  pulseSignature,
  RUST_VECTOR_ESK,
  RUST_WASM_VECTORS,
} from './fixtures.js';

// The U check inside decrypt recomputes r = H3(sigma, key) and compares r·G2
// with the U the Rust code wrote, so these pass only if H2 (pairing order and
// GT bytes), H3 and H4 agree with the crate.
describe('decrypt Rust ciphertexts', () => {
  it.each(RUST_WASM_VECTORS)('opens round $round', ({ round, plaintext, ciphertext }) => {
    const opened = decrypt(hexToBytes(ciphertext), hexToBytes(pulseSignature(round)));

    expect(bytesToHex(opened)).toBe(plaintext);
  });

  it.each(RUST_WASM_VECTORS)('recovers the key of round $round', ({ round, ciphertext }) => {
    const fields = parseCiphertext(hexToBytes(ciphertext));
    const header = { u: decodeG2(fields.u, 'U'), v: fields.v, w: fields.w };

    const key = ibeDecrypt(header, decodeG1(hexToBytes(pulseSignature(round)), 'signature'));

    expect(bytesToHex(key)).toBe(RUST_VECTOR_ESK);
  });

  it('rejects a signature of another round', () => {
    const vector = RUST_WASM_VECTORS[0];
    if (!vector) {
      throw new Error('No Rust vector in the fixtures.');
    }

    const error = catchTimelockError(() =>
      decrypt(hexToBytes(vector.ciphertext), hexToBytes(pulseSignature(1001))),
    );

    expect(error.code).toBe('TIMELOCK_DECRYPTION_FAILED');
  });

  // TODO: the bittensor-drand README ciphertext (round 13300875) needs that
  // round's quicknet signature, which is not available offline. Paste it into
  // the fixtures and drop the skip when one is found.
  it.skip('opens the bittensor-drand README ciphertext', () => {
    const signature = '';
    const opened = decrypt(hexToBytes(BITTENSOR_DRAND_CIPHERTEXT.hex), hexToBytes(signature));

    expect(opened.length).toBe(18);
  });
});
