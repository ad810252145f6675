import { axonMatches, readAxon, type StoredAxon } from '../../chain/axon-storage.js';
import { findCall } from '../../chain/calls.js';
import { encodeIp, InvalidIpError, type ChainIp } from '../../chain/ip-address.js';
import type { ServeAxonBody } from '../schemas/serve-axon.js';
import { InvalidRequestError } from './invalid-request.js';
import type { SignedTxResult, TxDependencies } from './set-weights.js';

export interface ServeAxonInput {
  wallet: string;
  hotkey: string;
  netuid: number;
  ipText: string;
  ip: ChainIp;
  port: number;
  protocol: number;
  version: number;
  placeholder1: number;
  placeholder2: number;
  waitForInclusion: boolean;
  waitForFinalization: boolean;
}

export type ServeAxonResult =
  ({ skipped: false } & SignedTxResult) | { skipped: true; signer: string; axon: StoredAxon };

export function parseServeAxonBody(body: ServeAxonBody): ServeAxonInput {
  const data = body.transaction_data;
  let ip: ChainIp;
  try {
    ip = encodeIp(data.ip);
  } catch (error) {
    if (error instanceof InvalidIpError) {
      throw new InvalidRequestError(error.message);
    }
    throw error;
  }
  return {
    wallet: body.wallet_name,
    hotkey: body.hotkey_name,
    netuid: data.netuid,
    ipText: data.ip,
    ip,
    port: data.port,
    protocol: data.protocol ?? 4,
    version: data.version ?? 0,
    placeholder1: data.placeholder1 ?? 0,
    placeholder2: data.placeholder2 ?? 0,
    waitForInclusion: data.wait_for_inclusion ?? false,
    waitForFinalization: data.wait_for_finalization ?? false,
  };
}

/**
 * Signs `serve_axon` with the hotkey and submits it, unless the chain
 * already stores the same axon. The Python SDK skips that call too, and a
 * repeated call would only hit `ServingRateLimit`.
 */
export async function serveAxon(
  deps: TxDependencies,
  input: ServeAxonInput,
): Promise<ServeAxonResult> {
  const signer = deps.signers.hotkey(input.wallet, input.hotkey);
  const api = deps.connection.requireApi();
  findCall(api, 'subtensorModule', 'serveAxon');
  const stored = await readAxon(api, input.netuid, signer.address);
  const expected = {
    version: input.version,
    ip: input.ip.value,
    ipType: input.ip.ipType,
    port: input.port,
    protocol: input.protocol,
    placeholder1: input.placeholder1,
    placeholder2: input.placeholder2,
  };
  if (axonMatches(stored, expected)) {
    return { skipped: true, signer: signer.address, axon: stored };
  }
  const outcome = await deps.submitter.submit(
    signer,
    (current) =>
      findCall(current, 'subtensorModule', 'serveAxon')(
        input.netuid,
        input.version,
        input.ip.value,
        input.port,
        input.ip.ipType,
        input.protocol,
        input.placeholder1,
        input.placeholder2,
      ),
    {
      waitForInclusion: input.waitForInclusion,
      waitForFinalization: input.waitForFinalization,
      timeoutMs: deps.txTimeoutMs,
    },
  );
  return { skipped: false, outcome, signer: signer.address };
}

export function summarizeServeAxon(input: ServeAxonInput): string {
  return `netuid=${input.netuid} ip=${input.ipText} port=${input.port} protocol=${input.protocol} version=${input.version}`;
}
