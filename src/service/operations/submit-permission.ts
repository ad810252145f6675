import type { Operation } from '../../security/operations.js';

/**
 * Hotkey calls that a dedicated token operation already covers. Any other
 * hotkey call, and every coldkey call, needs `admin`.
 */
const HOTKEY_CALL_OPERATIONS: Readonly<Record<string, Operation>> = {
  'subtensorModule.setWeights': 'set_weights',
  'subtensorModule.setMechanismWeights': 'set_weights',
  'subtensorModule.batchSetWeights': 'set_weights',
  'subtensorModule.commitWeights': 'commit_weights',
  'subtensorModule.revealWeights': 'commit_weights',
  'subtensorModule.batchCommitWeights': 'commit_weights',
  'subtensorModule.batchRevealWeights': 'commit_weights',
  'subtensorModule.commitCrv3Weights': 'commit_weights',
  'subtensorModule.commitTimelockedWeights': 'commit_weights',
  'subtensorModule.commitMechanismWeights': 'commit_weights',
  'subtensorModule.revealMechanismWeights': 'commit_weights',
  'subtensorModule.commitCrv3MechanismWeights': 'commit_weights',
  'subtensorModule.commitTimelockedMechanismWeights': 'commit_weights',
  'subtensorModule.serveAxon': 'serve_axon',
  'subtensorModule.serveAxonTls': 'serve_axon',
  'subtensorModule.servePrometheus': 'serve_axon',
};

/** Token operation a generic submit needs; pallet and call are camelCase. */
export function submitPermission(
  key: 'hotkey' | 'coldkey',
  pallet: string,
  call: string,
): Operation {
  if (key === 'coldkey') {
    return 'admin';
  }
  return HOTKEY_CALL_OPERATIONS[`${pallet}.${call}`] ?? 'admin';
}
