import type { TerminalInfo } from '../../protocol/index.js';
import type { MetagraphWatcher } from '../metagraph-watcher.js';

/**
 * Rejects callers that are not registered on the subnet and, when
 * `requirePermit` is set, those without a validator permit. The metagraph
 * comes from chain storage, so the decision needs no key.
 */
export function subnetBlacklist(watcher: MetagraphWatcher, netuid: number, requirePermit: boolean) {
  return (caller: TerminalInfo): string | undefined => {
    const hotkey = caller.hotkey;
    if (!hotkey) {
      return 'request has no dendrite hotkey';
    }
    const neuron = watcher.neuron(hotkey);
    if (!neuron) {
      return `hotkey ${hotkey} is not registered on netuid ${netuid}`;
    }
    if (requirePermit && !neuron.validatorPermit) {
      return `hotkey ${hotkey} has no validator permit on netuid ${netuid}`;
    }
    return undefined;
  };
}
