import type { ApiPromise } from '@polkadot/api';
import { AuditLog, type AuditRecord } from '../audit/audit-log.js';
import { readWeights, type StoredWeight } from '../chain/weights-storage.js';

/** Uid of a hotkey on a subnet, or undefined when it is not registered. */
export async function readUid(
  api: ApiPromise,
  netuid: number,
  hotkey: string,
): Promise<number | undefined> {
  const value = (await api.query.subtensorModule!.uids!(netuid, hotkey)).toJSON();
  return typeof value === 'number' ? value : undefined;
}

/** Polls `SubtensorModule.Weights` until the validator has weights on every miner uid. */
export async function waitForWeights(
  api: ApiPromise,
  netuid: number,
  validatorUid: number,
  minerUids: readonly number[],
  timeoutMs: number,
): Promise<StoredWeight[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const weights = await readWeights(api, netuid, validatorUid);
    const covered = minerUids.every((uid) =>
      weights.some((item) => item.uid === uid && item.weight > 0),
    );
    if (covered) {
      return weights;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `no weights from uid ${validatorUid} on miners ${minerUids.join(', ')} within ${timeoutMs / 1000} s`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

/** Returns the newest successful set_weights record of the audit log. */
export function lastSetWeightsRecord(auditDb: string): AuditRecord | undefined {
  const audit = AuditLog.open(auditDb);
  try {
    return audit
      .list({ operation: 'set_weights', limit: 20 })
      .find((record) => record.outcome === 'success');
  } finally {
    audit.close();
  }
}

export function formatReadout(weights: StoredWeight[], record: AuditRecord | undefined): string {
  const lines = [
    'SubtensorModule.Weights of the validator, set through the manage service and read back from chain:',
    ...weights.map(
      (item) => `  uid ${item.uid}: ${item.weight} (${(item.weight / 65535).toFixed(4)})`,
    ),
  ];
  if (record) {
    lines.push(
      `audit record #${record.id}: ${record.time} ${record.operation} ${record.wallet}/${record.hotkey} ` +
        `token ${record.tokenId} outcome ${record.outcome} block ${record.blockNumber} tx ${record.txHash}`,
      `  params: ${record.paramsSummary}`,
    );
  }
  return lines.join('\n');
}
