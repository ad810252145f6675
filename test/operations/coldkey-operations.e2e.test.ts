import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { mnemonicGenerate } from '@polkadot/util-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SpendLedger } from '../../src/audit/spend-ledger.js';
import { stopChopsticksWorker } from '../../src/devnet/chopsticks.js';
import type { Devnet } from '../../src/devnet/devnet.js';
import { writeWallet } from '../../src/keystore/index.js';
import type { RunningService } from '../../src/service/server.js';
import { makeToken, writeTokenFile } from '../security/helpers.js';
import { startTestDevnet } from '../helpers/devnet.js';
import { captureLogger } from '../helpers/log-capture.js';
import { callService, startTestService } from '../helpers/service.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const TAO = 1_000_000_000n;
const legacyToken = `test-${randomBytes(16).toString('hex')}`;
const temp = makeTempDir('coldkey-e2e');
const walletPath = path.join(temp.dir, 'wallets');
const logs = captureLogger('coldkey-e2e');
const operator = makeToken('operator', {
  wallets: ['*'],
  hotkeys: ['*'],
  operations: ['stake', 'transfer', 'register', 'admin', 'serve_axon'],
  coldkey: true,
});
const node = makeToken('miner-node', {
  wallets: ['miner'],
  hotkeys: ['miner/default'],
  operations: ['serve_axon'],
  coldkey: false,
});

let devnet: Devnet;
let service: RunningService;
let ledger: SpendLedger;
const coldkeys: Record<string, string> = {};
const hotkeys: Record<string, string> = {};

function api() {
  return devnet.connection.requireApi();
}

async function freeBalance(address: string): Promise<bigint> {
  return (await api().query.system.account(address)).data.free.toBigInt();
}

async function nonceOf(address: string): Promise<number> {
  return (await api().query.system.account(address)).nonce.toNumber();
}

async function stakeOf(hotkey: string, coldkey: string): Promise<bigint> {
  const stake = await api().query.subtensorModule!.stake!(hotkey, coldkey);
  return BigInt(stake.toString());
}

async function totalHotkeyStake(hotkey: string): Promise<bigint> {
  return BigInt((await api().query.subtensorModule!.totalHotkeyStake!(hotkey)).toString());
}

/** Reads the fee that `TransactionPayment.TransactionFeePaid` reports for `payer` in a block. */
async function feePaidIn(blockHash: string, payer: string): Promise<bigint> {
  const events = await (await api().at(blockHash)).query.system.events();
  for (const { event } of events) {
    if (event.section === 'transactionPayment' && event.method === 'TransactionFeePaid') {
      const [who, actualFee] = event.data;
      if (who?.toString() === payer) {
        return BigInt(actualFee!.toString());
      }
    }
  }
  throw new Error(`block ${blockHash} has no fee paid by ${payer}`);
}

function post(route: string, body: unknown, token = operator.secret) {
  return callService(service, 'POST', route, { token, body });
}

function auditOf(requestId: string) {
  const [record] = service.audit.list({ requestId });
  return record;
}

function transferBody(wallet: string, data: Record<string, unknown>) {
  return { wallet_name: wallet, transaction_data: { wait_for_inclusion: true, ...data } };
}

function stakeBody(wallet: string, data: Record<string, unknown>, hotkeyName?: string) {
  return {
    wallet_name: wallet,
    ...(hotkeyName === undefined ? {} : { hotkey_name: hotkeyName }),
    transaction_data: { wait_for_inclusion: true, ...data },
  };
}

async function addWallet(name: string): Promise<void> {
  const written = await writeWallet({
    root: walletPath,
    name,
    coldkey: { mnemonic: mnemonicGenerate(12) },
    hotkeys: { default: { mnemonic: mnemonicGenerate(12) } },
  });
  coldkeys[name] = written.coldkey;
  hotkeys[name] = written.hotkeys.default!;
}

function policyFile() {
  return {
    tokens: [operator.entry, node.entry],
    policy: {
      wallets: {
        validator: { coldkey: { enabled: true } },
        spender: { coldkey: { enabled: true } },
        miner: {
          coldkey: {
            enabled: true,
            max_per_tx_rao: String(5n * TAO),
            max_per_day_rao: String(8n * TAO),
            allowed_destinations: [coldkeys.validator, coldkeys.spender],
          },
        },
      },
    },
  };
}

beforeAll(async () => {
  devnet = await startTestDevnet({ walletPath, logger: logs.logger });
  for (const neuron of devnet.neurons) {
    coldkeys[neuron.name] = neuron.coldkey;
    hotkeys[neuron.name] = neuron.hotkey;
  }
  await addWallet('outsider');
  await addWallet('spender');
  service = await startTestService({
    walletPath,
    chainEndpoint: devnet.endpoint,
    token: legacyToken,
    tokenFile: writeTokenFile(temp.dir, policyFile()),
    dataDir: temp.dir,
    logger: logs.logger,
  });
  await service.connection.waitUntilReady(30_000);
  ledger = SpendLedger.open(path.join(temp.dir, 'audit.sqlite'));
});

afterAll(async () => {
  ledger?.close();
  await service?.close();
  await devnet?.close();
  await stopChopsticksWorker();
  temp.remove();
});

describe('stake on the local chain', () => {
  it('add_stake by hotkey name lands in storage', async () => {
    const before = await stakeOf(hotkeys.validator!, coldkeys.validator!);
    const totalBefore = await totalHotkeyStake(hotkeys.validator!);
    const freeBefore = await freeBalance(coldkeys.validator!);

    const reply = await post(
      '/wallet/add_stake',
      stakeBody('validator', { amount: Number(2n * TAO) }, 'default'),
    );
    expect(reply.status).toBe(200);
    expect(reply.body.status).toBe('in_block');
    expect(reply.body.amount_rao).toBe(String(2n * TAO));
    expect(reply.body.signer).toBe(coldkeys.validator);

    expect(await stakeOf(hotkeys.validator!, coldkeys.validator!)).toBe(before + 2n * TAO);
    expect(await totalHotkeyStake(hotkeys.validator!)).toBe(totalBefore + 2n * TAO);
    expect(await freeBalance(coldkeys.validator!)).toBeLessThanOrEqual(freeBefore - 2n * TAO);

    const record = auditOf(reply.body.request_id);
    expect(record?.operation).toBe('add_stake');
    expect(record?.outcome).toBe('success');
    expect(record?.keyAddress).toBe(coldkeys.validator);
    expect(record?.tokenId).toBe('operator');
    const [spend] = ledger
      .list('validator')
      .filter((row) => row.requestId === reply.body.request_id);
    expect(spend?.state).toBe('spent');
    expect(spend?.amountRao).toBe(2n * TAO);
  });

  it('remove_stake by address returns stake', async () => {
    const before = await stakeOf(hotkeys.validator!, coldkeys.validator!);
    const freeBefore = await freeBalance(coldkeys.validator!);
    const reply = await post(
      '/wallet/remove_stake',
      stakeBody('validator', { hotkey: hotkeys.validator, amount: String(TAO) }),
    );
    expect(reply.status).toBe(200);
    expect(await stakeOf(hotkeys.validator!, coldkeys.validator!)).toBe(before - TAO);
    expect(await freeBalance(coldkeys.validator!)).toBeGreaterThan(freeBefore);
    expect(auditOf(reply.body.request_id)?.operation).toBe('remove_stake');
  });

  it.each([
    [
      'stake above balance',
      'NotEnoughBalanceToStake',
      '/wallet/add_stake',
      'validator',
      20_000n * TAO,
    ],
    ['stake to unregistered hotkey', 'NotRegistered', '/wallet/add_stake', 'outsider', TAO],
    [
      'unstake above stake',
      'NotEnoughStaketoWithdraw',
      '/wallet/remove_stake',
      'validator',
      20_000n * TAO,
    ],
  ])('%s returns %s', async (_case, chainError, route, hotkeyOwner, amount) => {
    const reply = await post(
      route,
      stakeBody('validator', { hotkey: hotkeys[hotkeyOwner], amount: String(amount) }),
    );
    expect(reply.status).toBe(422);
    expect(reply.body.error.code).toBe('CHAIN_REJECTED');
    expect(reply.body.error.chain_error).toBe(chainError);
    expect(auditOf(reply.body.request_id)?.chainError).toBe(`SubtensorModule.${chainError}`);
    const [spend] = ledger
      .list('validator')
      .filter((row) => row.requestId === reply.body.request_id);
    expect(spend?.state).toBe('released');
  });

  it('netuid on spec 103 is a 400', async () => {
    const nonce = await nonceOf(coldkeys.validator!);
    const reply = await post(
      '/wallet/add_stake',
      stakeBody('validator', { netuid: 2, amount: 1 }, 'default'),
    );
    expect(reply.status).toBe(400);
    expect(reply.body.error.message).toContain('takes no netuid');
    expect(reply.body.error.message).toContain('spec 103');
    expect(await nonceOf(coldkeys.validator!)).toBe(nonce);
  });

  it('limit price needs add_stake_limit', async () => {
    const reply = await post(
      '/wallet/add_stake',
      stakeBody('validator', { amount: 1, limit_price: 5 }, 'default'),
    );
    expect(reply.status).toBe(422);
    expect(reply.body.error.code).toBe('UNSUPPORTED_CALL');
    expect(reply.body.error.message).toContain('addStakeLimit');
  });

  it('both hotkey name and address is a 400', async () => {
    const reply = await post(
      '/wallet/add_stake',
      stakeBody('validator', { hotkey: hotkeys.validator, amount: 1 }, 'default'),
    );
    expect(reply.status).toBe(400);
    expect(reply.body.error.message).toContain('send one of them');
  });
});

describe('transfer on the local chain', () => {
  it('keep_alive credits the exact amount', async () => {
    const before = await freeBalance(coldkeys.outsider!);
    const reply = await post(
      '/wallet/transfer',
      transferBody('validator', { destination: coldkeys.outsider, amount: Number(3n * TAO) }),
    );
    expect(reply.status).toBe(200);
    expect(reply.body.amount_rao).toBe(String(3n * TAO));
    expect(await freeBalance(coldkeys.outsider!)).toBe(before + 3n * TAO);
    expect(auditOf(reply.body.request_id)?.paramsSummary).toContain('kind=keep_alive');
  });

  it('allow_death uses transfer on spec 103', async () => {
    const before = await freeBalance(coldkeys.spender!);
    const reply = await post(
      '/wallet/transfer',
      transferBody('validator', {
        destination: coldkeys.spender,
        kind: 'allow_death',
        amount: String(2n * TAO),
      }),
    );
    expect(reply.status).toBe(200);
    expect(await freeBalance(coldkeys.spender!)).toBe(before + 2n * TAO);
  });

  it('all empties the sender', async () => {
    const spenderBefore = await freeBalance(coldkeys.spender!);
    const outsiderBefore = await freeBalance(coldkeys.outsider!);
    expect(spenderBefore).toBeGreaterThan(TAO);
    const reply = await post(
      '/wallet/transfer',
      transferBody('spender', { destination: coldkeys.outsider, kind: 'all', keep_alive: false }),
    );
    expect(reply.status).toBe(200);
    expect(reply.body.amount_rao).toBe(spenderBefore.toString());
    expect(await freeBalance(coldkeys.spender!)).toBe(0n);
    const gained = (await freeBalance(coldkeys.outsider!)) - outsiderBefore;
    const fee = await feePaidIn(reply.body.block_hash, coldkeys.spender!);
    expect(fee).toBeGreaterThan(0n);
    expect(gained).toBe(spenderBefore - fee);
  });

  it('amount above balance returns InsufficientBalance', async () => {
    const reply = await post(
      '/wallet/transfer',
      transferBody('validator', { destination: coldkeys.outsider, amount: String(20_000n * TAO) }),
    );
    expect(reply.status).toBe(422);
    expect(reply.body.error.chain_error).toBe('InsufficientBalance');
    expect(reply.body.error.chain_pallet).toBe('Balances');
  });

  it.each([
    ['keep_alive without amount', { destination: 'X', kind: 'keep_alive' }, 'needs an amount'],
    ['all with amount', { destination: 'X', kind: 'all', amount: 5 }, 'takes no amount'],
    [
      'keep_alive flag on allow_death',
      { destination: 'X', kind: 'allow_death', amount: 5, keep_alive: true },
      'keep_alive applies only',
    ],
    ['invalid destination', { destination: '5'.repeat(48), amount: 5 }, 'not a valid SS58 address'],
  ])('%s is a 400', async (_case, data, message) => {
    const destination = data.destination === 'X' ? coldkeys.outsider : data.destination;
    const reply = await post(
      '/wallet/transfer',
      transferBody('validator', { ...data, destination }),
    );
    expect(reply.status).toBe(400);
    expect(reply.body.error.message).toContain(message);
  });
});

describe('serving and registration on the local chain', () => {
  it('serve_prometheus lands in storage', async () => {
    const reply = await post('/wallet/serve_prometheus', {
      wallet_name: 'miner',
      hotkey_name: 'default',
      transaction_data: {
        netuid: devnet.netuid,
        ip: '203.0.113.7',
        port: 9100,
        version: 3,
        wait_for_inclusion: true,
      },
    });
    expect(reply.status).toBe(200);
    expect(reply.body.signer).toBe(hotkeys.miner);
    const stored = (
      await api().query.subtensorModule!.prometheus!(devnet.netuid, hotkeys.miner)
    ).toJSON() as Record<string, number>;
    expect(stored.ip).toBe(203 * 2 ** 24 + 113 * 2 ** 8 + 7);
    expect(stored.port).toBe(9100);
    expect(stored.version).toBe(3);
    expect(stored.ipType).toBe(4);
  });

  it('serve_prometheus for unregistered hotkey returns NotRegistered', async () => {
    const reply = await post('/wallet/serve_prometheus', {
      wallet_name: 'outsider',
      hotkey_name: 'default',
      transaction_data: {
        netuid: devnet.netuid,
        ip: '203.0.113.8',
        port: 9100,
        wait_for_inclusion: true,
      },
    });
    expect(reply.status).toBe(422);
    expect(reply.body.error.chain_error).toBe('NotRegistered');
  });

  it('serve_axon_tls is unsupported on spec 103', async () => {
    const reply = await post('/wallet/serve_axon_tls', {
      wallet_name: 'miner',
      hotkey_name: 'default',
      transaction_data: {
        netuid: devnet.netuid,
        ip: '203.0.113.7',
        port: 8091,
        certificate: '0x01ab',
      },
    });
    expect(reply.status).toBe(422);
    expect(reply.body.error.code).toBe('UNSUPPORTED_CALL');
    expect(reply.body.error.message).toContain('serveAxonTls');
  });

  it('burned_register returns RegistrationDisabled', async () => {
    const reply = await post('/wallet/register', {
      wallet_name: 'validator',
      transaction_data: {
        netuid: devnet.netuid,
        hotkey: hotkeys.outsider,
        wait_for_inclusion: true,
      },
    });
    expect(reply.status).toBe(422);
    expect(reply.body.error.code).toBe('CHAIN_REJECTED');
    expect(reply.body.error.chain_error).toBe('RegistrationDisabled');
    const record = auditOf(reply.body.request_id);
    expect(record?.operation).toBe('burned_register');
    expect(record?.chainError).toBe('SubtensorModule.RegistrationDisabled');
  });
});

describe('generic submit on the local chain', () => {
  it('hotkey serveAxon with a serve_axon token lands', async () => {
    const reply = await post(
      '/wallet/submit',
      {
        wallet_name: 'miner',
        hotkey_name: 'default',
        key: 'hotkey',
        pallet: 'SubtensorModule',
        call: 'serve_axon',
        args: {
          netuid: devnet.netuid,
          version: 7,
          ip: String(198 * 2 ** 24 + 51 * 2 ** 16 + 100 * 2 ** 8 + 9),
          port: 8091,
          ip_type: 4,
          protocol: 4,
          placeholder1: 0,
          placeholder2: 0,
        },
        wait_for_inclusion: true,
      },
      node.secret,
    );
    expect(reply.status).toBe(200);
    expect(reply.body.call).toBe('serveAxon');
    const axon = (
      await api().query.subtensorModule!.axons!(devnet.netuid, hotkeys.miner)
    ).toJSON() as Record<string, number>;
    expect(axon.ip).toBe(198 * 2 ** 24 + 51 * 2 ** 16 + 100 * 2 ** 8 + 9);
    expect(axon.port).toBe(8091);
    expect(axon.version).toBe(7);
    expect(auditOf(reply.body.request_id)?.paramsSummary).toContain(
      'call=subtensorModule.serveAxon',
    );
  });

  it('coldkey balances transfer is measured and lands', async () => {
    const before = await freeBalance(coldkeys.outsider!);
    const reply = await post('/wallet/submit', {
      wallet_name: 'validator',
      key: 'coldkey',
      pallet: 'balances',
      call: 'transferKeepAlive',
      args: [{ Id: coldkeys.outsider }, String(TAO)],
      wait_for_inclusion: true,
    });
    expect(reply.status).toBe(200);
    expect(reply.body.amount_rao).toBe(String(TAO));
    expect(await freeBalance(coldkeys.outsider!)).toBe(before + TAO);
    const [spend] = ledger
      .list('validator')
      .filter((row) => row.requestId === reply.body.request_id);
    expect(spend?.operation).toBe('transfer');
    expect(spend?.state).toBe('spent');
  });

  it('coldkey call without limits in policy lands', async () => {
    const nonce = await nonceOf(coldkeys.validator!);
    const reply = await post('/wallet/submit', {
      wallet_name: 'validator',
      key: 'coldkey',
      pallet: 'system',
      call: 'remark',
      args: { remark: '0x01020304' },
      wait_for_inclusion: true,
    });
    expect(reply.status).toBe(200);
    expect(await nonceOf(coldkeys.validator!)).toBe(nonce + 1);
  });

  it('unmeasured coldkey call under limits is rejected', async () => {
    const nonce = await nonceOf(coldkeys.miner!);
    const reply = await post('/wallet/submit', {
      wallet_name: 'miner',
      key: 'coldkey',
      pallet: 'system',
      call: 'remark',
      args: ['0x01'],
    });
    expect(reply.status).toBe(403);
    expect(reply.body.error.code).toBe('POLICY_DENIED');
    expect(reply.body.error.message).toContain('max_per_tx_rao');
    expect(await nonceOf(coldkeys.miner!)).toBe(nonce);
  });

  it('unknown call is UNSUPPORTED_CALL', async () => {
    const reply = await post('/wallet/submit', {
      wallet_name: 'validator',
      key: 'coldkey',
      pallet: 'subtensorModule',
      call: 'mintTao',
      args: [],
    });
    expect(reply.status).toBe(422);
    expect(reply.body.error.code).toBe('UNSUPPORTED_CALL');
    expect(reply.body.error.message).toContain('spec 103');
  });

  it('bad argument is a 400 naming it', async () => {
    const reply = await post('/wallet/submit', {
      wallet_name: 'validator',
      key: 'coldkey',
      pallet: 'balances',
      call: 'transfer_keep_alive',
      args: { dest: { Id: coldkeys.outsider }, value: '-5' },
    });
    expect(reply.status).toBe(400);
    expect(reply.body.error.message).toContain('argument value');
  });

  it.each([
    ['setWeights', 'hotkey', 'set_weights'],
    ['transferKeepAlive', 'coldkey', 'admin'],
  ])('node token may not submit %s', async (call, key, needed) => {
    const reply = await post(
      '/wallet/submit',
      {
        wallet_name: 'miner',
        ...(key === 'hotkey' ? { hotkey_name: 'default' } : {}),
        key,
        pallet: call === 'setWeights' ? 'subtensorModule' : 'balances',
        call,
        args: [],
      },
      node.secret,
    );
    expect(reply.status).toBe(403);
    expect(reply.body.error.code).toBe('FORBIDDEN');
    expect(reply.body.error.message).toContain(`needs ${needed}`);
    expect(auditOf(reply.body.request_id)?.outcome).toBe('rejected');
  });
});

describe('coldkey policy', () => {
  async function expectRejected(wallet: string, data: Record<string, unknown>, limit: string) {
    const nonce = await nonceOf(coldkeys[wallet]!);
    const reply = await post('/wallet/transfer', transferBody(wallet, data));
    expect(reply.status).toBe(403);
    expect(reply.body.error.code).toBe('POLICY_DENIED');
    expect(reply.body.error.message).toContain(limit);
    const record = auditOf(reply.body.request_id);
    expect(record?.outcome).toBe('rejected');
    expect(record?.errorCode).toBe('POLICY_DENIED');
    expect(record?.wallet).toBe(wallet);
    expect(await nonceOf(coldkeys[wallet]!)).toBe(nonce);
    expect(ledger.list(wallet).some((row) => row.requestId === reply.body.request_id)).toBe(false);
  }

  it('wallet without policy is rejected', async () => {
    await expectRejected(
      'miner2',
      { destination: coldkeys.validator, amount: 1 },
      'no coldkey policy',
    );
  });

  it('amount above max_per_tx_rao is rejected', async () => {
    await expectRejected(
      'miner',
      { destination: coldkeys.validator, amount: String(6n * TAO) },
      'max_per_tx_rao',
    );
  });

  it('destination outside the list is rejected', async () => {
    await expectRejected(
      'miner',
      { destination: coldkeys.outsider, amount: 1 },
      'allowed_destinations',
    );
  });

  it('daily limit counts earlier transfers', async () => {
    const first = await post(
      '/wallet/transfer',
      transferBody('miner', { destination: coldkeys.validator, amount: String(5n * TAO) }),
    );
    expect(first.status).toBe(200);
    await expectRejected(
      'miner',
      { destination: coldkeys.validator, amount: String(4n * TAO) },
      'max_per_day_rao',
    );
    const last = await post(
      '/wallet/transfer',
      transferBody('miner', { destination: coldkeys.validator, amount: String(3n * TAO) }),
    );
    expect(last.status).toBe(200);
    expect(ledger.spentToday('miner')).toBe(8n * TAO);
  });

  it('legacy token never reaches a coldkey', async () => {
    const reply = await post(
      '/wallet/transfer',
      transferBody('validator', { destination: coldkeys.outsider, amount: 1 }),
      legacyToken,
    );
    expect(reply.status).toBe(403);
    expect(reply.body.error.code).toBe('FORBIDDEN');
    expect(reply.body.error.message).toContain('coldkeys');
  });
});

describe('OpenAPI document', () => {
  it('lists every coldkey route', async () => {
    const reply = await callService(service, 'GET', '/docs/json');
    expect(reply.status).toBe(200);
    for (const route of [
      '/wallet/serve_prometheus',
      '/wallet/serve_axon_tls',
      '/wallet/register',
      '/wallet/add_stake',
      '/wallet/remove_stake',
      '/wallet/transfer',
      '/wallet/submit',
    ]) {
      expect(Object.keys(reply.body.paths), route).toContain(route);
    }
  });
});

describe('amount validation', () => {
  it.each([
    ['fraction', '1.5'],
    ['exponent', '1e9'],
    ['negative', '-1'],
    ['above u64', '"18446744073709551616"'],
    ['fraction string', '"1.5"'],
    ['exponent string', '"1e9"'],
    ['above 2^53 as number', '9007199254740993'],
  ])('%s is a 400 before signing', async (_case, amountText) => {
    const nonce = await nonceOf(coldkeys.validator!);
    const rawBody = `{"wallet_name":"validator","transaction_data":{"destination":"${coldkeys.outsider}","amount":${amountText}}}`;
    const reply = await callService(service, 'POST', '/wallet/transfer', {
      token: operator.secret,
      rawBody,
    });
    expect(reply.status).toBe(400);
    expect(reply.body.error.code).toBe('INVALID_REQUEST');
    expect(reply.body.error.message).toMatch(/amount/);
    expect(await nonceOf(coldkeys.validator!)).toBe(nonce);
    expect(auditOf(reply.body.request_id)?.httpStatus).toBe(400);
  });
});
