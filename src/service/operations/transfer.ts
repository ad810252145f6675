import { parseRao } from '../../chain/amount.js';
import { readFreeBalance } from '../../chain/balance-storage.js';
import {
  planTransfer,
  type TransferCallInput,
  type TransferKind,
} from '../../chain/transfer-calls.js';
import type { TransferBody } from '../schemas/transfer.js';
import type { ValueTxResult } from './burned-register.js';
import { withinColdkeyPolicy } from './coldkey-guard.js';
import { parseAddress, waitOptions, waitSummary, type WaitOptions } from './coldkey-input.js';
import { InvalidRequestError } from './invalid-request.js';
import type { TxDependencies } from './set-weights.js';
import { checkPlan, submitPlanned, type Planner } from './submit-plan.js';

export interface TransferInput {
  wallet: string;
  kind: TransferKind;
  destination: string;
  /** Undefined for kind `all`, which sends the whole free balance. */
  amountRao: bigint | undefined;
  keepAlive: boolean;
  wait: WaitOptions;
}

function checkKindFields(data: TransferBody['transaction_data'], kind: TransferKind): void {
  if (kind === 'all' && data.amount !== undefined) {
    throw new InvalidRequestError(
      'kind all sends the whole free balance and takes no amount; leave amount out or use kind keep_alive',
    );
  }
  if (kind !== 'all' && data.amount === undefined) {
    throw new InvalidRequestError(
      `kind ${kind} needs an amount in rao; send transaction_data.amount`,
    );
  }
  if (kind !== 'all' && data.keep_alive !== undefined) {
    throw new InvalidRequestError(
      `keep_alive applies only to kind all; kind ${kind} already decides it, so leave keep_alive out`,
    );
  }
}

export function parseTransferBody(body: TransferBody): TransferInput {
  const data = body.transaction_data;
  const kind = data.kind ?? 'keep_alive';
  checkKindFields(data, kind);
  return {
    wallet: body.wallet_name,
    kind,
    destination: parseAddress(data.destination, 'transaction_data.destination'),
    amountRao:
      data.amount === undefined ? undefined : parseRao(data.amount, 'transaction_data.amount'),
    keepAlive: data.keep_alive ?? true,
    wait: waitOptions(data),
  };
}

function callInput(input: TransferInput): TransferCallInput {
  if (input.kind === 'all' || input.amountRao === undefined) {
    return { kind: 'all', destination: input.destination, keepAlive: input.keepAlive };
  }
  return { kind: input.kind, destination: input.destination, amount: input.amountRao };
}

/**
 * Signs a Balances transfer with the wallet's coldkey, within the coldkey
 * policy. For kind `all` the policy counts the whole free balance read
 * before signing, an upper bound of what moves.
 */
export async function transfer(
  deps: TxDependencies,
  input: TransferInput,
  requestId: string,
): Promise<ValueTxResult> {
  const signer = deps.signers.coldkey(input.wallet);
  const planner: Planner = (source) => planTransfer(source, callInput(input));
  checkPlan(deps, planner);
  const amountRao =
    input.amountRao ?? (await readFreeBalance(deps.connection.requireApi(), signer.address));
  const request = {
    wallet: input.wallet,
    operation: 'transfer',
    amountRao,
    destination: input.destination,
  } as const;
  const result = await withinColdkeyPolicy(deps, request, requestId, () =>
    submitPlanned(deps, signer, planner, input.wait),
  );
  return { ...result, amountRao };
}

export function summarizeTransfer(input: TransferInput): string {
  const amount =
    input.kind === 'all' ? `keep_alive=${input.keepAlive}` : `amount_rao=${input.amountRao}`;
  return `kind=${input.kind} destination=${input.destination} ${amount} wait=${waitSummary(input.wait)}`;
}
