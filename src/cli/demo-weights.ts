import type { AuditRecord } from '../audit/audit-log.js';
import { readWeights, type StoredWeight } from '../chain/weights-storage.js';
import type { Devnet } from '../devnet/devnet.js';
import type { RunningService } from '../service/server.js';

export interface DemoResult {
  response: Record<string, unknown>;
  weights: StoredWeight[];
  audit: AuditRecord | undefined;
}

/** u16 weights the demo gives the two miners: full weight and one third. */
const MINER_WEIGHTS = [65535, 21845];

function neuronUid(devnet: Devnet, wallet: string): number {
  const neuron = devnet.neurons.find((item) => item.name === wallet);
  if (!neuron) {
    throw new Error(`the devnet has no ${wallet} wallet; delete the wallet folder and start again`);
  }
  return neuron.uid;
}

/**
 * Sends `set_weights` for the validator through the service's HTTP API, the
 * way a validator node would, then reads the result back from chain storage
 * and the audit log.
 */
export async function setDemoWeights(
  devnet: Devnet,
  service: RunningService,
  token: string,
): Promise<DemoResult> {
  const uids = [neuronUid(devnet, 'miner'), neuronUid(devnet, 'miner2')];
  const reply = await fetch(`${service.url}/wallet/set_weights`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({
      wallet_name: 'validator',
      hotkey_name: 'default',
      transaction_data: {
        netuid: devnet.netuid,
        uids,
        weights: MINER_WEIGHTS,
        version_key: devnet.subnet.weightsVersionKey,
        wait_for_inclusion: true,
        wait_for_finalization: false,
      },
    }),
  });
  const response = (await reply.json()) as Record<string, unknown>;
  if (!reply.ok) {
    throw new Error(
      `set_weights failed with HTTP ${reply.status}: ${JSON.stringify(response.error)}`,
    );
  }
  const api = devnet.connection.requireApi();
  const weights = await readWeights(api, devnet.netuid, neuronUid(devnet, 'validator'));
  const [audit] = service.audit.list({ requestId: String(response.request_id), limit: 1 });
  return { response, weights, audit };
}

/** Formats the demo's outcome for the terminal. */
export function formatDemoResult(result: DemoResult): string {
  const { response, weights, audit } = result;
  const lines = [
    `set_weights: ${String(response.status)} in block ${String(response.block_number)} (tx ${String(response.tx_hash)})`,
    'SubtensorModule.Weights of the validator, read back from chain:',
    ...weights.map(
      (item) => `  uid ${item.uid}: ${item.weight} (${(item.weight / 65535).toFixed(4)})`,
    ),
  ];
  if (audit) {
    lines.push(
      `audit record #${audit.id}: ${audit.time} ${audit.operation} ${audit.wallet}/${audit.hotkey} ` +
        `token ${audit.tokenId} outcome ${audit.outcome} HTTP ${audit.httpStatus} block ${audit.blockNumber}`,
      `  params: ${audit.paramsSummary} (sha256 ${audit.paramsDigest?.slice(0, 16)}…)`,
    );
  }
  return lines.join('\n');
}
