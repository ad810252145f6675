import { encodeIp, InvalidIpError, type ChainIp } from '../../chain/ip-address.js';
import { planServePrometheus } from '../../chain/serving-calls.js';
import type { ServePrometheusBody } from '../schemas/serve-prometheus.js';
import { waitOptions, type WaitOptions } from './coldkey-input.js';
import { InvalidRequestError } from './invalid-request.js';
import type { SignedTxResult, TxDependencies } from './set-weights.js';
import { checkPlan, submitPlanned, type Planner } from './submit-plan.js';

export interface ServePrometheusInput {
  wallet: string;
  hotkey: string;
  netuid: number;
  ipText: string;
  ip: ChainIp;
  port: number;
  version: number;
  wait: WaitOptions;
}

/** Encodes a text IP for the chain; an invalid address is a 400 naming the field. */
export function parseIp(text: string): ChainIp {
  try {
    return encodeIp(text);
  } catch (error) {
    if (error instanceof InvalidIpError) {
      throw new InvalidRequestError(error.message);
    }
    throw error;
  }
}

export function parseServePrometheusBody(body: ServePrometheusBody): ServePrometheusInput {
  const data = body.transaction_data;
  return {
    wallet: body.wallet_name,
    hotkey: body.hotkey_name,
    netuid: data.netuid,
    ipText: data.ip,
    ip: parseIp(data.ip),
    port: data.port,
    version: data.version ?? 0,
    wait: waitOptions(data),
  };
}

/** Signs `serve_prometheus` with the hotkey and submits it. */
export async function servePrometheus(
  deps: TxDependencies,
  input: ServePrometheusInput,
): Promise<SignedTxResult> {
  const signer = deps.signers.hotkey(input.wallet, input.hotkey);
  const planner: Planner = (source) => planServePrometheus(source, input);
  checkPlan(deps, planner);
  return submitPlanned(deps, signer, planner, input.wait);
}

export function summarizeServePrometheus(input: ServePrometheusInput): string {
  return `netuid=${input.netuid} ip=${input.ipText} port=${input.port} version=${input.version}`;
}
