import type { ChainIp } from '../../chain/ip-address.js';
import { planServeAxonTls } from '../../chain/serving-calls.js';
import type { ServeAxonTlsBody } from '../schemas/serve-axon-tls.js';
import { waitOptions, type WaitOptions } from './coldkey-input.js';
import { parseIp } from './serve-prometheus.js';
import type { SignedTxResult, TxDependencies } from './set-weights.js';
import { checkPlan, submitPlanned, type Planner } from './submit-plan.js';

export interface ServeAxonTlsInput {
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
  certificate: Uint8Array;
  wait: WaitOptions;
}

export function parseServeAxonTlsBody(body: ServeAxonTlsBody): ServeAxonTlsInput {
  const data = body.transaction_data;
  return {
    wallet: body.wallet_name,
    hotkey: body.hotkey_name,
    netuid: data.netuid,
    ipText: data.ip,
    ip: parseIp(data.ip),
    port: data.port,
    protocol: data.protocol ?? 4,
    version: data.version ?? 0,
    placeholder1: data.placeholder1 ?? 0,
    placeholder2: data.placeholder2 ?? 0,
    // The schema admits only 0x and whole hex bytes.
    certificate: Buffer.from(data.certificate.slice(2), 'hex'),
    wait: waitOptions(data),
  };
}

/** Signs `serve_axon_tls` with the hotkey; runtimes without the call get UNSUPPORTED_CALL. */
export async function serveAxonTls(
  deps: TxDependencies,
  input: ServeAxonTlsInput,
): Promise<SignedTxResult> {
  const signer = deps.signers.hotkey(input.wallet, input.hotkey);
  const planner: Planner = (source) => planServeAxonTls(source, input);
  checkPlan(deps, planner);
  return submitPlanned(deps, signer, planner, input.wait);
}

export function summarizeServeAxonTls(input: ServeAxonTlsInput): string {
  return (
    `netuid=${input.netuid} ip=${input.ipText} port=${input.port} protocol=${input.protocol} ` +
    `version=${input.version} certificate_bytes=${input.certificate.length}`
  );
}
