import type { ApiPromise } from '@polkadot/api';
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import type { SpRuntimeDispatchError } from '@polkadot/types/lookup';
import { decodeDispatchError } from '../chain/dispatch-error.js';
import type { TransactionSubmitter, TxOutcome } from '../chain/submitter.js';
import type { KeySigner } from '../keystore/signer.js';

/** A sudo call that the runtime executed and rejected. */
export class SudoCallFailedError extends Error {
  readonly code = 'SUDO_CALL_FAILED';
  constructor(
    readonly call: string,
    readonly chainError: string,
  ) {
    super(`sudo ${call} failed on chain with ${chainError}`);
    this.name = 'SudoCallFailedError';
  }
}

/**
 * Submits `sudo(call)` signed by the sudo key and waits for its block. A
 * failing inner call still ends in `ExtrinsicSuccess`; its error sits in the
 * `Sudo.Sudid` event, so that event is checked too.
 */
export async function sudo(
  submitter: TransactionSubmitter,
  sudoSigner: KeySigner,
  label: string,
  build: (api: ApiPromise) => SubmittableExtrinsic<'promise'>,
): Promise<TxOutcome> {
  let api: ApiPromise | undefined;
  const outcome = await submitter.submit(
    sudoSigner,
    (connected) => {
      api = connected;
      return connected.tx.sudo.sudo(build(connected));
    },
    { waitForInclusion: true, waitForFinalization: false, timeoutMs: 60_000 },
  );
  if (outcome.dispatchError) {
    const { pallet, name } = outcome.dispatchError;
    throw new SudoCallFailedError(label, `${pallet}.${name}`);
  }
  const sudid = outcome.events?.find((event) => event.name === 'sudo.Sudid');
  const result = Array.isArray(sudid?.data)
    ? (sudid.data[0] as Record<string, unknown>)
    : undefined;
  if (api && result && 'err' in result) {
    const error = api.registry.createType('DispatchError', result.err) as unknown;
    const decoded = decodeDispatchError(api, error as SpRuntimeDispatchError);
    throw new SudoCallFailedError(label, `${decoded.pallet}.${decoded.name}`);
  }
  return outcome;
}
