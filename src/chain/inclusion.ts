import type { ApiPromise } from '@polkadot/api';
import { decodeDispatchError, type DecodedDispatchError } from './dispatch-error.js';

/** An event emitted by the extrinsic, in `section.method` form with its data as JSON. */
export interface ExtrinsicEvent {
  name: string;
  data: unknown;
}

export interface InclusionDetails {
  blockNumber: number;
  extrinsicIndex: number;
  events: ExtrinsicEvent[];
  dispatchError: DecodedDispatchError | undefined;
}

/** Reads the block that holds `txHash` and the events the extrinsic emitted there. */
export async function readInclusion(
  api: ApiPromise,
  blockHash: string,
  txHash: string,
): Promise<InclusionDetails> {
  const [signedBlock, apiAt] = await Promise.all([
    api.rpc.chain.getBlock(blockHash),
    api.at(blockHash),
  ]);
  const extrinsics = signedBlock.block.extrinsics;
  const extrinsicIndex = extrinsics.findIndex((extrinsic) => extrinsic.hash.toHex() === txHash);
  const records = await apiAt.query.system.events();
  const mine = records.filter(
    ({ phase }) => phase.isApplyExtrinsic && phase.asApplyExtrinsic.toNumber() === extrinsicIndex,
  );

  let dispatchError: DecodedDispatchError | undefined;
  for (const { event } of mine) {
    if (api.events.system.ExtrinsicFailed.is(event)) {
      dispatchError = decodeDispatchError(api, event.data.dispatchError);
    }
  }
  return {
    blockNumber: signedBlock.block.header.number.toNumber(),
    extrinsicIndex,
    events: mine.map(({ event }) => ({
      name: `${event.section}.${event.method}`,
      data: event.data.toJSON(),
    })),
    dispatchError,
  };
}
