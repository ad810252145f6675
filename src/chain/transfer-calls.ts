import { lookupCall, planCall, type CallPlan, type CallSource } from './call-args.js';

/**
 * `keep_alive` fails rather than take the sender below the existential deposit,
 * `allow_death` may reap the sender's account, and `all` sends the whole
 * free balance (keeping the existential deposit when `keepAlive`).
 */
export type TransferKind = 'keep_alive' | 'allow_death' | 'all';

export type TransferCallInput =
  | { kind: 'keep_alive' | 'allow_death'; destination: string; amount: bigint }
  | { kind: 'all'; destination: string; keepAlive: boolean };

/** Runtimes before `transfer_allow_death` (such as spec 103) call it `transfer`. */
function allowDeathCall(source: CallSource): string {
  return lookupCall(source, 'balances', 'transferAllowDeath') ? 'transferAllowDeath' : 'transfer';
}

/** Plans a Balances transfer of the requested kind with the runtime's call names. */
export function planTransfer(source: CallSource, input: TransferCallInput): CallPlan {
  const aliases = { dest: 'destination', value: 'amount' };
  switch (input.kind) {
    case 'keep_alive':
      return planCall(
        source,
        'balances',
        'transferKeepAlive',
        { destination: input.destination, amount: input.amount },
        aliases,
      );
    case 'allow_death':
      return planCall(
        source,
        'balances',
        allowDeathCall(source),
        { destination: input.destination, amount: input.amount },
        aliases,
      );
    case 'all':
      return planCall(
        source,
        'balances',
        'transferAll',
        { destination: input.destination, keep_alive: input.keepAlive },
        aliases,
      );
  }
}
