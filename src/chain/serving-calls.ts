import { u8aToHex } from '@polkadot/util';
import { planCall, type CallPlan, type CallSource } from './call-args.js';
import type { ChainIp } from './ip-address.js';

export interface ServePrometheusInput {
  netuid: number;
  version: number;
  ip: ChainIp;
  port: number;
}

export interface ServeAxonTlsInput extends ServePrometheusInput {
  protocol: number;
  placeholder1: number;
  placeholder2: number;
  /** One algorithm byte followed by up to 64 bytes of public key. */
  certificate: Uint8Array;
}

/** Plans `serve_prometheus(netuid, version, ip, port, ip_type)`. */
export function planServePrometheus(source: CallSource, input: ServePrometheusInput): CallPlan {
  return planCall(source, 'subtensorModule', 'servePrometheus', {
    netuid: input.netuid,
    version: input.version,
    ip: input.ip.value,
    port: input.port,
    ip_type: input.ip.ipType,
  });
}

/** Plans `serve_axon_tls`, which is `serve_axon` plus a certificate; spec 103 lacks it. */
export function planServeAxonTls(source: CallSource, input: ServeAxonTlsInput): CallPlan {
  return planCall(source, 'subtensorModule', 'serveAxonTls', {
    netuid: input.netuid,
    version: input.version,
    ip: input.ip.value,
    port: input.port,
    ip_type: input.ip.ipType,
    protocol: input.protocol,
    placeholder1: input.placeholder1,
    placeholder2: input.placeholder2,
    // As hex: `Bytes` reads a Uint8Array as SCALE with a length prefix, not as raw bytes.
    certificate: u8aToHex(input.certificate),
  });
}
