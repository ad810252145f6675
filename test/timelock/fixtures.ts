// Known answers for the timelock tests. Hex strings, lowercase.

/** drand quicknet pulses: round and its beacon signature (compressed G1). */
export const QUICKNET_PULSES: readonly { round: number; signature: string }[] = [
  {
    round: 1,
    signature:
      'b55e7cb2d5c613ee0b2e28d6750aabbb78c39dcc96bd9d38c2c2e12198df95571de8e8e402a0cc48871c7089a2b3af4b',
  },
  {
    round: 2,
    signature:
      'b6b6a585449b66eb12e875b64fcbab3799861a00e4dbf092d99e969a5eac57dd3f798acf61e705fe4f093db926626807',
  },
  {
    round: 123,
    signature:
      'b75c69d0b72a5d906e854e808ba7e2accb1542ac355ae486d591aa9d43765482e26cd02df835d3546d23c4b13e0dfc92',
  },
  {
    round: 1000,
    signature:
      'b44679b9a59af2ec876b1a6b1ad52ea9b1615fc3982b19576350f93447cb1125e342b73a8dd2bacbe47e4b6b63ed5e39',
  },
  {
    round: 1001,
    signature:
      'b33bf3667cbd5a82de3a24b4e0e9fe5513cc1a0e840368c6e31f5fcfa79bea03f73896b25883abf2853d10337fb8fa41',
  },
  {
    round: 2000,
    signature:
      'b6cb8f482a0b15d45936a4c4ea08e98a087e71787caee3f4d07a8a9843b1bc5423c6b3c22f446488b3137eaca799c77e',
  },
  {
    round: 30662982,
    signature:
      '8b3edd0d42a2fa36ac15641a2dea2e4f4895acec2ef72ef39e5b6138f0346fb6b046dde1b4b3d09ff5fe8a6a7acd674a',
  },
];

/** Returns the signature of a round listed in QUICKNET_PULSES. */
export function pulseSignature(round: number): string {
  const pulse = QUICKNET_PULSES.find((entry) => entry.round === round);
  if (!pulse) {
    throw new Error(`No quicknet pulse for round ${round} in the fixtures.`);
  }
  return pulse.signature;
}

/** e(G1 generator, G2 generator) serialized by arkworks, from aptos-core's algebra natives. */
export const GT_GENERATOR_PAIRING_ARKWORKS =
  'b68917caaa0543a808c53908f694d1b6e7b38de90ce9d83d505ca1ef1b442d2727d7d06831d8b2a7920afc71d8eb50120f17a0ea982a88591d9f43503e94a8f1abaf2e4589f65aafb7923c484540a868883432a5c60e75860b11e5465b1c9a08873ec29e844c1c888cb396933057ffdd541b03a5220eda16b2b3a6728ea678034ce39c6839f20397202d7c5c44bb68134f93193cec215031b17399577a1de5ff1f5b0666bdd8907c61a7651e4e79e0372951505a07fa73c25788db6eb8023519a5aa97b51f1cad1d43d8aabbff4dc319c79a58cafc035218747c2f75daf8f2fb7c00c44da85b129113173d4722f5b201b6b4454062e9ea8ba78c5ca3cadaf7238b47bace5ce561804ae16b8f4b63da4645b8457a93793cbd64a7254f150781019de87ee42682940f3e70a88683d512bb2c3fb7b2434da5dedbb2d0b3fb8487c84da0d5c315bdd69c46fb05d23763f2191aabd5d5c2e12a10b8f002ff681bfd1b2ee0bf619d80d2a795eb22f2aa7b85d5ffb671a70c94809f0dafc5b73ea2fb0657bae23373b4931bc9fa321e8848ef78894e987bff150d7d671aee30b3931ac8c50e0b3b0868effc38bf48cd24b4b811a2995ac2a09122bed9fd9fa0c510a87b10290836ad06c8203397b56a78e9a0c61c77e56ccb4f1bc3d3fcaea7550f3503efe30f2d24f00891cb45620605fcfaa4292687b3a7db7c1c0554a93579e889a121fd8f72649b2402996a084d2381c5043166673b3849e4fd1e7ee4af24aa8ed443f56dfd6b68ffde4435a92cd7a4ac3bc77e1ad0cb728606cf08bf6386e5410f';

/**
 * Ciphertext printed as example output in the bittensor-drand README (the
 * Rust tle crate through its Python binding), reveal round 13300875, 262
 * bytes. The signature of that round is not available offline.
 */
export const BITTENSOR_DRAND_CIPHERTEXT = {
  round: 13300875,
  hex: 'b996e4d1fdab6d8c63ebe3570dc74ab4eaa9d5757d4f477eaecc9a40dfee16a90c8d37d6ea5f63c23ccba6be5e4b977c16c67c3bb55a97c9b48e6df1687616cfea1e37be2d5ae7651f240af808cb182e9456a3d7cdc904463a3a09295ac6be792000000000000000aa4ee8e9378f99bb22dfadf65c2325ca3ac2cef9969d8f9da2adfdc7336a16da2000000000000000842ab00d77addc026ff76929bb5e9965e25cee024e522b2d51cd20f70283ff563e0000000000000022000000000000002a1377586293c52246174605cd15b03de264fc6f3316fde9c6bcd1b35997f9b921010c0000000000000058a28c18576b71e5e61c328608000000000000004145535f47434d5f',
};

/**
 * The `commit` argument of a commit_timelocked_mechanism_weights call (netuid
 * 7, mecid 0, reveal round 32340463, version 4) recorded from Bittensor finney
 * in a public test fixture. 303 bytes: a 59-byte plaintext, which is the
 * SCALE size of a payload with four weights. Its round signature is not
 * available offline.
 */
export const FINNEY_COMMIT_CIPHERTEXT =
  'add79c4f91c9b56920e48e41d7de2bb50289966534371c16faa5a023d0052165283424fbb6f6b4121516acb75f50f2181301bd76c3df06e40409b293b2e4e6d4c5d29dfaf57239e2d21ec7a65f1fdd00905d91dee6baebc895c9deb76849c8cf2000000000000000ce281554cf945eba34e9159487c3fe6854f039ebfb99c23e56075b6782187c402000000000000000c6650336df21d47c5cbd05e202b072c38c7d9c7ff7dad2ff9811ebddb41b3e7067000000000000004b0000000000000045f7265fea37fb03a04611dac062e06e03585ba9c05a17784e6a34efb1a7f787b4b9e5c5dd615c1746f01a2806db82524a93f616fe8981c62ab4ec28fe9839b75d0608593f6f72aceaaca10c00000000000000f6e30fc8e613b20200bf45fe08000000000000004145535f47434d5f';

/** AES key passed to the Rust encryptions below: the bytes 0xa0 to 0xbf. */
export const RUST_VECTOR_ESK = 'a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf';

/**
 * Ciphertexts made by the tle crate compiled to WebAssembly, npm package
 * @ideallabs/timelock_wasm_wrapper 1.0.0 (wasm sha256
 * 8ed305eacb6b158dff85762635a3820f2b3cea8433f55067907db2e000e7780f), called
 * as `tle(sha256(round as u64 BE), plaintext, esk, quicknet key,
 * 'bls12_381')` with RUST_VECTOR_ESK. The package names no source commit.
 * Its output has the layout of revision 5416406 (V and W with length
 * prefixes), and in every revision with that layout the decryption side
 * (H2, H3, H4, the pairing order and the U check) is the same, so these
 * vectors test decryption, not how sigma was drawn.
 */
export const RUST_WASM_VECTORS: readonly {
  round: number;
  plaintext: string;
  ciphertext: string;
}[] = [
  {
    round: 1000,
    // CRv4 payload: Alice's key, uids [0, 1, 5], values [65535, 32768, 1], version 10002000.
    plaintext:
      '80d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d0c0000010005000cffff00800100509e980000000000',
    ciphertext:
      '8bcf43083025d8d72fa38934b472de668a1631653f6bc736b591db2e75e19eeb4ce487d9f1525efe21fdff307a7f46c51683d7ba2f7b7269b878eb852b541e3c9f2e5534358c8c94917f23f045c1ca04e4a1f9d3d536dccff40cb12d66dce9fc20000000000000003be8aa21291ed7ca277a3bee2299cd334dc3ab0968aa7bb863093871831342002000000000000000a4794a2e84af5adae6da9671c7d4ccc94604521f69e87bbb256c505718ecd174630000000000000047000000000000006487ea334a9331d48f886e32fd6bd83cab14c7bf7128587e4df005471f252d35181fcb5c269eabe176836af08ebcc488f70fe542119a82b34039c2f7d1cfb6f476e6dd7fdd6f7f0c00000000000000e7bb92b356382113805d35ae08000000000000004145535f47434d5f',
  },
  {
    round: 30662982,
    // ASCII "Hello, bittensor!"
    plaintext: '48656c6c6f2c2062697474656e736f7221',
    ciphertext:
      '9111c554ad5ad0db75788dfa5960f2297a14b67c35a778fa595e5df5eda10a2a92bd5c815c94c377c2fae8de434ec17d01a8309328001b9f57568a93f6d58adeba95bd2cf8388f4e337f5251b9b6c36b7fa7170661f5ca7c1fb2c469014d93fe200000000000000061f358467203f34d38c1b6d90055d191b8b5d874c3e736e47f2ca139603e1afc20000000000000003394b90f428c17ef486b46e8bd703abb34d22f0d8c52b01343be178f925f09093d000000000000002100000000000000f6d57dd2c56f425fa4b8f9ba57c716d5b41f034d6f4d567cf884c968b59c2a6e310c00000000000000cc2a6727f85adc85fa48ddb708000000000000004145535f47434d5f',
  },
];
