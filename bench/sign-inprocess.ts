/**
 * In-process sr25519 signing rates on this machine, the baseline of the API
 * targets: pure JavaScript (@polkadot/util-crypto 14) and WebAssembly
 * (@polkadot/wasm-crypto) on one core, and WebAssembly on every core.
 *
 *   node --import tsx bench/sign-inprocess.ts [--seconds 5]
 */
import { parseArgs } from './support/args.js';
import { measureInProcessRates } from './support/inprocess.js';
import { printResult, progress } from './support/report.js';
import { round } from './support/stats.js';

const args = parseArgs({ seconds: 5 });
progress(`measuring in-process signing, ${args.seconds} s per implementation`);
const rates = await measureInProcessRates(args.seconds * 1000);
printResult('sign-inprocess', {
  signaturesPerSecond: {
    utilCryptoOneCore: round(rates.utilCryptoOneCore, 0),
    wasmOneCore: round(rates.wasmOneCore, 0),
    wasmAllCores: round(rates.wasmAllCores, 0),
  },
  wasmSpeedup: round(rates.wasmOneCore / rates.utilCryptoOneCore, 1),
});
