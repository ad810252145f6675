import { readFileSync } from 'node:fs';
import { Metadata, TypeRegistry, expandMetadata } from '@polkadot/types';
import type { Codec } from '@polkadot/types/types';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  CallArgumentError,
  buildCall,
  lookupCall,
  type CallPlan,
  type CallSource,
} from '../../src/chain/call-args.js';
import { UnsupportedCallError } from '../../src/chain/calls.js';
import { buildDecodedCall, decodeCall } from '../../src/chain/generic-call.js';
import { encodeIp } from '../../src/chain/ip-address.js';
import { planBurnedRegister } from '../../src/chain/registration-calls.js';
import { planServeAxonTls, planServePrometheus } from '../../src/chain/serving-calls.js';
import { SUBTENSOR_SIGNED_EXTENSIONS } from '../../src/chain/signed-extensions.js';
import { planStake } from '../../src/chain/stake-calls.js';
import { planTransfer } from '../../src/chain/transfer-calls.js';
import { sharedChainFile } from '../helpers/shared-files.js';
import { signerFromUri } from '../helpers/signers.js';

let source: CallSource;
let hotkey: string;
let destination: string;

/** Decorates the calls of the spec 343 runtime from its metadata file, as `api.tx` would. */
function mainnetSource(): CallSource {
  const registry = new TypeRegistry();
  const hex = readFileSync(sharedChainFile('finney-spec343-metadata-v14.hex'), 'utf8').trim();
  const metadata = new Metadata(registry, hex as `0x${string}`);
  registry.setMetadata(metadata, undefined, SUBTENSOR_SIGNED_EXTENSIONS);
  return { tx: expandMetadata(registry, metadata).tx, registry, specVersion: 343 };
}

interface DecodedBack {
  section: string;
  method: string;
  args: Record<string, string>;
}

/** Encodes the call, decodes the bytes as a fresh `Call` and returns its arguments as text. */
function roundTrip(call: unknown): DecodedBack {
  const hex = (call as Codec).toHex();
  const decoded = source.registry.createType('Call', hex) as unknown as {
    section: string;
    method: string;
    argsEntries: [string, Codec][];
  };
  const args: Record<string, string> = {};
  for (const [name, value] of decoded.argsEntries) {
    args[name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`)] = value.toString();
  }
  return { section: decoded.section, method: decoded.method, args };
}

function planned(plan: CallPlan): DecodedBack {
  return roundTrip(buildCall(source, plan));
}

beforeAll(async () => {
  await cryptoWaitReady();
  source = mainnetSource();
  hotkey = signerFromUri('//Bob').address;
  destination = signerFromUri('//Charlie').address;
});

describe('stake calls for spec 343', () => {
  it('add_stake takes hotkey, netuid and amount', () => {
    const plan = planStake(source, { direction: 'add', hotkey, netuid: 2, amount: 1_500_000_000n });
    expect(planned(plan)).toEqual({
      section: 'subtensorModule',
      method: 'addStake',
      args: { hotkey, netuid: '2', amount_staked: '1500000000' },
    });
  });

  it('remove_stake carries the u64 maximum', () => {
    const max = (2n ** 64n - 1n).toString();
    const plan = planStake(source, {
      direction: 'remove',
      hotkey,
      netuid: 7,
      amount: 2n ** 64n - 1n,
    });
    expect(planned(plan)).toEqual({
      section: 'subtensorModule',
      method: 'removeStake',
      args: { hotkey, netuid: '7', amount_unstaked: max },
    });
  });

  it('limit price selects add_stake_limit', () => {
    const plan = planStake(source, {
      direction: 'add',
      hotkey,
      netuid: 3,
      amount: 10n,
      limit: { price: 2_000_000n, allowPartial: true },
    });
    expect(planned(plan)).toEqual({
      section: 'subtensorModule',
      method: 'addStakeLimit',
      args: {
        hotkey,
        netuid: '3',
        amount_staked: '10',
        limit_price: '2000000',
        allow_partial: 'true',
      },
    });
  });

  it('limit price selects remove_stake_limit', () => {
    const plan = planStake(source, {
      direction: 'remove',
      hotkey,
      netuid: 3,
      amount: 11n,
      limit: { price: 5n, allowPartial: false },
    });
    const back = planned(plan);
    expect(back.method).toBe('removeStakeLimit');
    expect(back.args).toEqual({
      hotkey,
      netuid: '3',
      amount_unstaked: '11',
      limit_price: '5',
      allow_partial: 'false',
    });
  });

  it('missing netuid is named in the error', () => {
    const attempt = () => planStake(source, { direction: 'add', hotkey, amount: 1n });
    expect(attempt).toThrow(CallArgumentError);
    expect(attempt).toThrow(/lacks netuid/);
    expect(attempt).toThrow(/spec 343/);
  });
});

describe('transfer calls for spec 343', () => {
  it('keep_alive uses transfer_keep_alive', () => {
    const plan = planTransfer(source, { kind: 'keep_alive', destination, amount: 42n });
    expect(planned(plan)).toEqual({
      section: 'balances',
      method: 'transferKeepAlive',
      args: { dest: destination, value: '42' },
    });
  });

  it('allow_death uses transfer_allow_death', () => {
    const plan = planTransfer(source, { kind: 'allow_death', destination, amount: 43n });
    expect(planned(plan)).toEqual({
      section: 'balances',
      method: 'transferAllowDeath',
      args: { dest: destination, value: '43' },
    });
  });

  it('all uses transfer_all with the keep_alive flag', () => {
    for (const keepAlive of [true, false]) {
      const plan = planTransfer(source, { kind: 'all', destination, keepAlive });
      expect(planned(plan)).toEqual({
        section: 'balances',
        method: 'transferAll',
        args: { dest: destination, keep_alive: String(keepAlive) },
      });
    }
  });
});

describe('registration and serving calls for spec 343', () => {
  const ipValue = (203 * 2 ** 24 + 0 * 2 ** 16 + 113 * 2 ** 8 + 7).toString();

  it('burned_register takes netuid and hotkey', () => {
    expect(planned(planBurnedRegister(source, 12, hotkey))).toEqual({
      section: 'subtensorModule',
      method: 'burnedRegister',
      args: { netuid: '12', hotkey },
    });
  });

  it('serve_prometheus encodes the IPv4 address', () => {
    const plan = planServePrometheus(source, {
      netuid: 2,
      version: 9,
      ip: encodeIp('203.0.113.7'),
      port: 9100,
    });
    expect(planned(plan)).toEqual({
      section: 'subtensorModule',
      method: 'servePrometheus',
      args: { netuid: '2', version: '9', ip: ipValue, port: '9100', ip_type: '4' },
    });
  });

  it('serve_axon_tls carries the certificate bytes', () => {
    const plan = planServeAxonTls(source, {
      netuid: 2,
      version: 1,
      ip: encodeIp('203.0.113.7'),
      port: 8091,
      protocol: 4,
      placeholder1: 0,
      placeholder2: 0,
      certificate: Uint8Array.from([1, 0xab, 0xcd]),
    });
    expect(planned(plan)).toEqual({
      section: 'subtensorModule',
      method: 'serveAxonTls',
      args: {
        netuid: '2',
        version: '1',
        ip: ipValue,
        port: '8091',
        ip_type: '4',
        protocol: '4',
        placeholder1: '0',
        placeholder2: '0',
        certificate: '0x01abcd',
      },
    });
  });
});

describe('generic call decoding for spec 343', () => {
  it('named arguments in either case build the call', () => {
    const decoded = decodeCall(source, 'subtensorModule', 'addStake', {
      hotkey,
      netuid: 4,
      amountStaked: '18446744073709551615',
    });
    expect(decoded.args.map((arg) => arg.name)).toEqual(['hotkey', 'netuid', 'amount_staked']);
    expect(roundTrip(buildDecodedCall(source, decoded)).args).toEqual({
      hotkey,
      netuid: '4',
      amount_staked: '18446744073709551615',
    });
  });

  it('positional arguments build the call', () => {
    const decoded = decodeCall(source, 'balances', 'transferKeepAlive', [{ Id: destination }, 77]);
    expect(roundTrip(buildDecodedCall(source, decoded))).toEqual({
      section: 'balances',
      method: 'transferKeepAlive',
      args: { dest: destination, value: '77' },
    });
  });

  it('unknown call is UnsupportedCallError', () => {
    expect(() => decodeCall(source, 'subtensorModule', 'mintTao', [])).toThrow(
      UnsupportedCallError,
    );
    expect(() => decodeCall(source, 'noSuchPallet', 'call', [])).toThrow(/spec 343/);
  });

  it('built-in property names resolve to nothing', () => {
    expect(lookupCall(source, 'subtensorModule', 'constructor')).toBeUndefined();
    expect(lookupCall(source, 'subtensorModule', 'toString')).toBeUndefined();
    expect(lookupCall(source, 'constructor', 'name')).toBeUndefined();
    expect(lookupCall(source, '__proto__', 'constructor')).toBeUndefined();
  });

  it.each([
    ['value out of u16 range', { netuid: 70000 }, /argument netuid \(u16\)/],
    ['float for u16', { netuid: 1.5 }, /argument netuid .* must be an integer/],
    ['negative amount', { amount_staked: -1 }, /argument amount_staked \(u64\)/],
    ['amount above u64', { amount_staked: '18446744073709551616' }, /argument amount_staked/],
    [
      'hex string for an integer',
      { amount_staked: '0x10' },
      /argument amount_staked .* must be an integer/,
    ],
    ['invalid hotkey address', { hotkey: 'not-an-address' }, /argument hotkey \(AccountId32\)/],
  ])('%s names the argument', (_case, change, pattern) => {
    const args = { hotkey, netuid: 1, amount_staked: 5, ...change };
    const attempt = () => decodeCall(source, 'subtensorModule', 'addStake', args);
    expect(attempt).toThrow(CallArgumentError);
    expect(attempt).toThrow(pattern);
  });

  it('missing, unknown and doubled arguments are named', () => {
    expect(() => decodeCall(source, 'subtensorModule', 'addStake', { hotkey, netuid: 1 })).toThrow(
      /lacks amount_staked/,
    );
    expect(() =>
      decodeCall(source, 'subtensorModule', 'addStake', {
        hotkey,
        netuid: 1,
        amount_staked: 1,
        tip: 5,
      }),
    ).toThrow(/unknown argument tip/);
    expect(() =>
      decodeCall(source, 'subtensorModule', 'addStake', {
        hotkey,
        netuid: 1,
        amount_staked: 1,
        amountStaked: 2,
      }),
    ).toThrow(/amount_staked twice/);
    expect(() => decodeCall(source, 'subtensorModule', 'addStake', [hotkey, 1])).toThrow(
      /has 2 values but .* takes 3/,
    );
  });

  it('boolean arguments accept only true or false', () => {
    const args = [{ Id: destination }, 'yes'];
    expect(() => decodeCall(source, 'balances', 'transferAll', args)).toThrow(
      /argument keep_alive \(bool\) .* must be true or false/,
    );
  });

  it('a nested call argument decodes', () => {
    const inner = decodeCall(source, 'balances', 'transferKeepAlive', [{ Id: destination }, 3]);
    const innerHex = (buildDecodedCall(source, inner) as Codec).toHex();
    const outer = decodeCall(source, 'utility', 'batch', { calls: [innerHex] });
    const back = source.registry.createType(
      'Call',
      (buildDecodedCall(source, outer) as Codec).toHex(),
    );
    expect(back.toHex()).toBe((buildDecodedCall(source, outer) as Codec).toHex());
    expect((back as unknown as { method: string }).method).toBe('batch');
  });
});
